"""Finding a name (or a mission's code and title) from a few typed words, as people type them
on a phone: without capitals, without accents ("jose" finds "José"), Arabic without its vowel
marks or hamza seats ("احمد" finds "أحمد")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise

TATWEEL = "\u0640"  # Arabic elongation: a matter of layout, not of spelling
# Arabic-Indic and Eastern Arabic-Indic (Persian, Urdu) digits, as Latin ones: "٢١٧" is 217.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def folded(text: str) -> str:
    """`text` as a search compares it: case, accents and Arabic marks set aside, digits
    Latin, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text).replace(TATWEEL, "").translate(DIGITS)
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(kept.casefold().split())


# A run of letters and digits: what is left of typed words once their punctuation is set aside.
_LETTERS_AND_DIGITS = re.compile(r"[^\W_]+")


def _parts(words: str) -> list[str]:
    """The typed `words` folded and cut wherever a character is neither a letter nor a digit:
    'mg–2026–017' (the dash a phone puts), 'mg_2026_017' and '2026/017' are parts of a code
    written MG-2026-017."""
    return _LETTERS_AND_DIGITS.findall(folded(words))


# Arabic letters that phones and habits write one for the other: a final teh marbuta as heh
# ("فاطمه" for "فاطمة"), an alef maksura as yeh ("مصطفي"), alef wasla as alef. A search takes
# them as one letter, as the forms do (bot.forms.engine); a name is still taken out of a text
# (without_name) only as written.
_ARABIC_VARIANTS = str.maketrans({"ة": "ه", "ى": "ي", "ٱ": "ا"})


def matches(words: str, *texts: str) -> bool:
    """Each of the typed `words` (each of their parts, punctuation set aside) is part of one
    of `texts`, in any order. Words with no letter or digit at all are looked for as typed."""
    haystack = "\n".join(folded(text) for text in texts).translate(_ARABIC_VARIANTS)
    parts = [part.translate(_ARABIC_VARIANTS) for part in _parts(words)]
    if not parts:  # only punctuation or emoji ("...", "🙂"): found as typed, not everywhere
        return folded(words) in haystack
    return all(part in haystack for part in parts)


def compact(code: str) -> str:
    """A code as it is typed without its separators: 'MG-2026-017' as 'mg2026017'."""
    return "".join(_parts(code))


def search_key(words: str, max_bytes: int) -> str:
    """The typed words as a button carries them: folded, no ':' (the separator of callback
    data), at most `max_bytes` of UTF-8 (a shortened search finds the same people and more)."""
    key = folded(words.replace(":", " "))
    while len(key.encode()) > max_bytes:
        key = key[:-1]
    return key.strip()


def name_order(name: str, ident: int) -> tuple[str, int]:
    """Where a name comes in the order a reader looks for it: alphabetical, whatever the
    capitals and accents ("Émile" among the E, "José" before "Joseph"), then by id."""
    return folded(name), ident


def by_name(choices: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """(id, name) pairs by `name_order`."""
    return sorted(choices, key=lambda choice: name_order(choice[1], choice[0]))


def _in_word(char: str) -> bool:
    # A combining mark belongs to its letter: the shadda of 'محمّد' or a vowel sign written
    # over a letter leaves one word, not 'محم' and 'د' (nor an accent kept apart by NFC).
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _words(text: str) -> list[tuple[int, int]]:
    """Where the words of `text` start and end: letters and digits, with the marks written on
    them."""
    words: list[tuple[int, int]] = []
    start: int | None = None
    for at, char in enumerate(text):
        if _in_word(char):
            start = at if start is None else start
        elif start is not None:
            words.append((start, at))
            start = None
    if start is not None:
        words.append((start, len(text)))
    return words


# What may stand between two words of one name: spaces, a hyphen, an apostrophe, a full stop.
_NAME_JOINER = re.compile(r"[\s\-\u2010\u2011'\u2019.]+")


def without_name(text: str, name: str, mark: str = "…") -> str:
    """`text` with every whole occurrence of `name` (its words in order, case, accents and the
    spaces or hyphens between them aside) replaced by `mark`: 'Visit with marie JOSÉPH' is
    'Visit with …' for Marie Joseph; 'Marie' alone, 'Marie Josephine' or 'Josephine' stay, and
    so does a name of one word written in lower case ('as said before' for Said, not for said)."""
    wanted = _parts(name)
    if not wanted or not text:
        return text
    whole = unicodedata.normalize("NFC", text)
    words, lower = _words(whole), name.islower()
    kept: list[str] = []
    last = at = 0
    while at + len(wanted) <= len(words):
        run = words[at : at + len(wanted)]
        if (
            all(
                folded(whole[start:end]) == part
                for (start, end), part in zip(run, wanted, strict=True)
            )
            and all(_NAME_JOINER.fullmatch(whole[one[1] : two[0]]) for one, two in pairwise(run))
            # A name of one word that is a word too ('Grace', 'Hope', 'Said', 'Rose') written
            # in lower case is the word: 'as said before', 'a grace period' stay (unless the
            # name is itself so written: a sheet that wrote 'grace' writes her so).
            and not (len(run) == 1 and whole[run[0][0] : run[0][1]].islower() and not lower)
        ):
            kept += [whole[last : run[0][0]], mark]
            last, at = run[-1][1], at + len(wanted)
        else:
            at += 1
    return text if not kept else "".join(kept) + whole[last:]


def name_parts(name: str) -> list[str]:
    """The words of a name as names are compared: folded, what is no letter or digit (an
    emoji, a full stop) set aside."""
    return _parts(name)


def same_name(one: str, other: str) -> bool:
    """Do two spellings name one person: the same words, case, accents, spaces and what is no
    letter aside ('Grace 🌸 Wanjiru' is 'grace wanjiru'), in either order when there are
    several ('Wanjiru Grace', as a sheet lists surnames first)? 'Grace' is not 'Grace
    Wanjiru': it may be someone else."""
    mine, theirs = _parts(one), _parts(other)
    return bool(mine) and (mine == theirs or (len(mine) > 1 and sorted(mine) == sorted(theirs)))


# Between the people of a cell naming several ('Grace Wanjiru & Peter Otieno', 'A, B', 'A et
# B', 'A y B', 'A e B', 'A na B', 'A sy B', 'A and B'): the joiner, spaces around it kept.
_SEVERAL = re.compile(r"(\s*[&/+;,]\s*|\s+(?:and|et|y|e|na|sy)\s+)")


# Spanish and Portuguese join two surnames with 'y' and 'e': 'José Ortega y Gasset', 'Maria
# da Silva e Sousa' are one person each.
_SURNAME_JOINERS = frozenset({"y", "e"})


def _surnames_joined(pieces: list[str]) -> list[str]:
    """The pieces of a cell (names, joiners between them) with a name and a single word
    after 'y' or 'e' ('Ortega y Gasset') back as one name; 'Ana e Maria' stay two."""
    merged = pieces[:1]
    for joiner, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        before = merged[-1]
        surname = len(_parts(before)) > 1 and len(_parts(piece)) == 1
        if joiner.strip() in _SURNAME_JOINERS and surname:
            merged[-1] = before + joiner + piece
        else:
            merged += [joiner, piece]
    return merged


# A name and one word after 'y' or 'e': 'Maria da Silva e Sousa', or 'Maria da Silva e Ana'.
_AND_ONE_WORD = re.compile(r"(.*\S)\s+(?:y|e)\s+\S+\s*$", re.DOTALL)


def _hers(piece: str, name: str) -> bool:
    """Does a piece of a cell name the person: her name, or her whole name then 'e'/'y' and
    one word ('Maria da Silva e Sousa' for Maria da Silva: her second surname, or her and
    Sousa; either way her name is there, and an erasure takes it)?"""
    if same_name(piece, name):
        return True
    joined = _AND_ONE_WORD.match(piece)
    return joined is not None and same_name(joined[1], name)


def without_person(cell: str, name: str) -> str | None:
    """A cell naming several people ('Grace Wanjiru & Peter Otieno') without the one so named:
    'Peter Otieno'; '' when it names them only with one more word joined ('Maria da Silva e
    Sousa' for Maria da Silva: _hers); None when the cell does not name them among others."""
    pieces = _surnames_joined(_SEVERAL.split(cell))
    names = pieces[::2]
    if not any(_hers(piece, name) for piece in names):
        return None
    if len(names) < 2 and same_name(cell, name):
        return None  # the cell is their name: not 'among others'
    kept = [piece.strip() for piece in names if piece.strip() and not _hers(piece, name)]
    joiners = [joiner.strip() for joiner in pieces[1::2]]
    glue = next((f"{j} " if j in ",;" else f" {j} " for j in joiners if j), " & ")
    return glue.join(kept)


# The particles of names, capitalised or not ('De La Cruz', 'Le Goff', 'Al Amin', 'Van Dyk'):
# alone they are the words of every sentence ('La réunion', 'De 9h à 12h', 'Al final') or of
# other people's names, never the person's.
_PARTICLE_WORDS = (
    "a ag al ap bat bin binti bint d da das de degli dei del della der des di do dos du e el "
    "ibn l la las le les lo los ny ould san santa st ste te ten ter van vande vander von y za zu"
)
_PARTICLES = frozenset(_PARTICLE_WORDS.split())

# What joins two words of one name, for a word of a name standing alone: spaces or a hyphen.
_NEIGHBOURS = re.compile(r"[ \t\u00a0\-\u2010\u2011]+")


def without_name_words(text: str, name: str, mark: str = "…") -> str:
    """`text` without `name` whole (without_name), then without each word of the name standing
    alone where the text is the person's own (a mission they supervised: 'Call Grace before
    9', 'Grace & Peter lead' for Grace Wanjiru). Left: the word in lower case, an ordinary
    word ('say grace', 'hope'; even for a name written all in lower case), a particle of the
    name ('da', 'bin', 'ny'), an initial, and the word as part of another name, next to a
    capitalised word that is none of theirs ('Marie Josephine', 'Anne Marie', 'Grace Hall'),
    and any word of a script without capitals (Arabic), which cannot tell a name from a word."""
    text = without_name(text, name, mark)
    whole_name = unicodedata.normalize("NFC", name)
    lower_name = whole_name.islower()
    written = [whole_name[start:end] for start, end in _words(whole_name)]
    theirs = {folded(word) for word in written}
    initials = {part[0] for part in theirs}
    alone = {
        folded(word)
        for word in written
        if len(word) >= (3 if lower_name else 2)
        and (lower_name or not word.islower())
        and folded(word) not in _PARTICLES
    }
    if not alone or not text:
        return text
    whole = unicodedata.normalize("NFC", text)
    words = _words(whole)

    def other_name(at: int) -> bool:
        """Is the word at `at` a capitalised word that is none of the person's?"""
        start, end = words[at]
        word = whole[start:end]
        if not word[:1].isupper() or folded(word) in theirs:
            return False
        return not (len(word) == 1 and folded(word) in initials)  # 'Grace W.': her initial

    def joined(one: int, two: int) -> bool:
        return _NEIGHBOURS.fullmatch(whole[words[one][1] : words[two][0]]) is not None

    kept: list[str] = []
    last = 0
    for at, (start, end) in enumerate(words):
        word = whole[start:end]
        # Only a capital says a word is a name: one in lower case, or in a script with no
        # capitals (Arabic: 'أمل' is hope, 'محمد حسن' someone else), may be anything.
        if folded(word) not in alone or not word[:1].isupper():
            continue
        if at + 1 < len(words) and joined(at, at + 1) and other_name(at + 1):
            continue
        # A capitalised word before it is another name's, unless it starts the sentence
        # ('Call Grace'): after the text's start or a full stop, capitals say nothing. Not
        # so across a hyphen: nobody writes 'Call-Grace'; 'Jean-Marie', 'Anne-Marie' are one
        # name, someone else's.
        if at > 0 and joined(at - 1, at) and other_name(at - 1):
            before = whole[: words[at - 1][0]].rstrip()
            hyphen = bool(whole[words[at - 1][1] : start].strip(" \t\u00a0"))
            if hyphen or (before and before[-1] not in ".!?:;\n"):
                continue
        kept += [whole[last:start], mark]
        last = end
    return text if not kept else "".join(kept) + whole[last:]
