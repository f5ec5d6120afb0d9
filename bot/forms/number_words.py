"""Whole numbers from 0 to 100 written in words, in the bot's seven languages (data only).

"douze", "vingt-cinq", "quatre-vingt-dix", "veinticinco", "vinte e cinco", "kumi na mbili",
"roa ambin'ny folo", "خمسة وعشرون": what officers type at a count instead of digits. Each
phrase is written as people spell it; the engine folds case, accents, hyphens, apostrophes and
Arabic letter variants before looking one up. Above 100 a number in words is not read: the
words for hundreds and thousands (answer_words.MAGNITUDE_WORDS) ask for digits instead, as
the few such answers are long and the grammar of hundreds would widen what may be misread.
"""

from __future__ import annotations

from collections.abc import Iterator


def _tens_and_units(
    tens: list[str], units: list[str], joiner: str, also: dict[int, tuple[str, ...]]
) -> Iterator[tuple[str, int]]:
    """20 to 99 where a ten comes first and its unit after `joiner` ("veinte y uno", "vinte e
    duas"): `tens` from twenty, `units[n]` for n, and `also[n]` the other forms of n."""
    for index, ten in enumerate(tens):
        value = 20 + 10 * index
        yield ten, value
        for unit in range(1, 10):
            for word in (units[unit], *also.get(unit, ())):
                yield f"{ten}{joiner}{word}", value + unit


def _english() -> Iterator[tuple[str, int]]:
    units = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ]
    yield from ((word, number) for number, word in enumerate(units))
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    for index, ten in enumerate(tens):
        value = 20 + 10 * index
        yield ten, value
        if ten == "forty":
            yield "fourty", value  # as often written
        for unit in range(1, 10):
            yield f"{ten}-{units[unit]}", value + unit
            if ten == "forty":
                yield f"fourty-{units[unit]}", value + unit
    yield from (("hundred", 100), ("a hundred", 100), ("one hundred", 100))


def _french() -> Iterator[tuple[str, int]]:
    units = [
        "zéro",
        "un",
        "deux",
        "trois",
        "quatre",
        "cinq",
        "six",
        "sept",
        "huit",
        "neuf",
        "dix",
        "onze",
        "douze",
        "treize",
        "quatorze",
        "quinze",
        "seize",
        "dix-sept",
        "dix-huit",
        "dix-neuf",
    ]
    yield from ((word, number) for number, word in enumerate(units))
    yield "une", 1

    def ones(ten: str, value: int, teens: bool) -> Iterator[tuple[str, int]]:
        yield ten, value
        top = 19 if teens else 9
        for unit in range(1, top + 1):
            words = [units[unit], *(("une",) if unit == 1 else ())]
            for word in words:
                yield f"{ten}-{word}", value + unit
                if unit in (1, 11):  # "vingt et un", "soixante et onze" (and without "et")
                    yield f"{ten} et {word}", value + unit

    for ten, value in (("vingt", 20), ("trente", 30), ("quarante", 40), ("cinquante", 50)):
        yield from ones(ten, value, teens=False)
    yield from ones("soixante", 60, teens=True)  # 60-79: "soixante-dix", "soixante et onze"
    yield from ones("quatre-vingt", 80, teens=True)  # "quatre-vingt-dix", "quatre-vingt-un"
    yield "quatre-vingts", 80
    # Belgium, Switzerland, the DR Congo, Rwanda, Burundi
    for ten, value in (("septante", 70), ("huitante", 80), ("octante", 80), ("nonante", 90)):
        yield from ones(ten, value, teens=False)
    yield "cent", 100


def _spanish() -> Iterator[tuple[str, int]]:
    units = [
        "cero",
        "uno",
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
        "once",
        "doce",
        "trece",
        "catorce",
        "quince",
        "dieciséis",
        "diecisiete",
        "dieciocho",
        "diecinueve",
    ]
    yield from ((word, number) for number, word in enumerate(units))
    yield from (("una", 1), ("un", 1))
    for unit in range(6, 10):
        yield f"diez y {units[unit]}", 10 + unit
    twenties = [
        "veinte",
        "veintiuno",
        "veintidós",
        "veintitrés",
        "veinticuatro",
        "veinticinco",
        "veintiséis",
        "veintisiete",
        "veintiocho",
        "veintinueve",
    ]
    yield from ((word, 20 + number) for number, word in enumerate(twenties))
    yield from (("veintiuna", 21), ("veintiún", 21))
    tens = [
        "veinte",
        "treinta",
        "cuarenta",
        "cincuenta",
        "sesenta",
        "setenta",
        "ochenta",
        "noventa",
    ]
    yield from _tens_and_units(tens, units, " y ", {1: ("una", "un")})
    yield "cien", 100


def _portuguese() -> Iterator[tuple[str, int]]:
    units = [
        "zero",
        "um",
        "dois",
        "três",
        "quatro",
        "cinco",
        "seis",
        "sete",
        "oito",
        "nove",
        "dez",
        "onze",
        "doze",
        "treze",
        "catorze",
        "quinze",
        "dezasseis",
        "dezassete",
        "dezoito",
        "dezanove",
    ]
    yield from ((word, number) for number, word in enumerate(units))
    # Brazilian spellings, read too
    yield from (("uma", 1), ("duas", 2), ("quatorze", 14), ("dezesseis", 16))
    yield from (("dezessete", 17), ("dezenove", 19))
    tens = [
        "vinte",
        "trinta",
        "quarenta",
        "cinquenta",
        "sessenta",
        "setenta",
        "oitenta",
        "noventa",
    ]
    yield from _tens_and_units(tens, units, " e ", {1: ("uma",), 2: ("duas",)})
    yield "cem", 100


def _swahili() -> Iterator[tuple[str, int]]:
    units = ["sifuri", "moja", "mbili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa"]
    # The forms that agree with people ("wanawake watano", five women)
    people = {1: "mmoja", 2: "wawili", 3: "watatu", 4: "wanne", 5: "watano", 8: "wanane"}
    words = {
        number: [word, *([people[number]] if number in people else [])]
        for number, word in enumerate(units)
    }
    for number, forms in words.items():
        yield from ((form, number) for form in forms)
    tens = [
        "kumi",
        "ishirini",
        "thelathini",
        "arobaini",
        "hamsini",
        "sitini",
        "sabini",
        "themanini",
        "tisini",
    ]
    for index, ten in enumerate(tens):
        value = 10 + 10 * index
        yield ten, value
        for unit in range(1, 10):
            yield from ((f"{ten} na {form}", value + unit) for form in words[unit])
    yield from (("mia moja", 100), ("mia", 100))


def _malagasy() -> Iterator[tuple[str, int]]:
    # Units come first: "roa ambin'ny folo" (two over ten) is 12, "dimy amby roapolo" 25.
    units = ["aotra", "iray", "roa", "telo", "efatra", "dimy", "enina", "fito", "valo", "sivy"]
    yield from ((word, number) for number, word in enumerate(units))
    compound = ["", "iraika", *units[2:]]  # one is "iraika" in a compound
    yield "folo", 10
    for unit in range(1, 10):
        for over in ("ambin'ny folo", "ambinifolo", "ambinny folo"):
            yield f"{compound[unit]} {over}", 10 + unit
    tens = [
        "roapolo",
        "telopolo",
        "efapolo",
        "dimampolo",
        "enimpolo",
        "fitopolo",
        "valopolo",
        "sivifolo",
    ]
    for index, ten in enumerate(tens):
        value = 20 + 10 * index
        yield ten, value
        for unit in range(1, 10):
            yield f"{compound[unit]} amby {ten}", value + unit
    yield "zato", 100


def _arabic() -> Iterator[tuple[str, int]]:
    units = {
        1: ("واحد", "واحدة", "أحد", "إحدى"),
        2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني", "اثنتا", "اثنتي"),
        3: ("ثلاثة", "ثلاث"),
        4: ("أربعة", "أربع"),
        5: ("خمسة", "خمس"),
        6: ("ستة", "ست"),
        7: ("سبعة", "سبع"),
        8: ("ثمانية", "ثماني", "ثمان"),
        9: ("تسعة", "تسع"),
    }
    yield "صفر", 0
    for number, forms in units.items():
        for form in forms:
            # "اثنا" and "أحد" only before "عشر"
            if (number != 2 or form.endswith("ن")) and form not in ("أحد", "إحدى"):
                yield form, number
            for ten in ("عشر", "عشرة"):
                yield f"{form} {ten}", 10 + number
    yield from (("عشرة", 10), ("عشر", 10))
    tens = {
        20: ("عشرون", "عشرين"),
        30: ("ثلاثون", "ثلاثين"),
        40: ("أربعون", "أربعين"),
        50: ("خمسون", "خمسين"),
        60: ("ستون", "ستين"),
        70: ("سبعون", "سبعين"),
        80: ("ثمانون", "ثمانين"),
        90: ("تسعون", "تسعين"),
    }
    for value, forms in tens.items():
        for ten in forms:
            yield ten, value
            for number, unit_forms in units.items():
                for unit in unit_forms:
                    if number == 2 and not unit.endswith("ن"):
                        continue
                    yield f"{unit} و{ten}", value + number
                    yield f"{unit} و {ten}", value + number
    yield from (("مئة", 100), ("مائة", 100), ("مية", 100))


# The words of each language; the engine reads the user's language, English and French.
NUMBER_WORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "en": tuple(_english()),
    "fr": tuple(_french()),
    "es": tuple(_spanish()),
    "pt": tuple(_portuguese()),
    "sw": tuple(_swahili()),
    "mg": tuple(_malagasy()),
    "ar": tuple(_arabic()),
}

# Articles that are also "one": "un groupe de 12", "una sesión con 20" say nothing against the
# number typed beside them.
ARTICLES = frozenset({"un", "une", "una", "um", "uma"})
