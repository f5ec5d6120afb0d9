"""Words people type instead of tapping or instead of a number alone, in the seven languages.

Data only (the engine folds case, accents, apostrophes, hyphens and Arabic letter variants
before looking a word up, so each word is written once, as people spell it). CLDR supplies
month and weekday names; it has no relative days, yes/no words or unit words, hence these.
Every list is searched whatever the interface language: officers mix languages.
"""

from __future__ import annotations

# Days before today (-1: tomorrow, understood so that it is refused as a future date rather
# than as something that is no date).
RELATIVE_DAYS: dict[int, tuple[str, ...]] = {
    -1: (
        "tomorrow",
        "demain",
        "mañana",
        "amanhã",
        "غدا",
        "غداً",
        "بكرة",
        "kesho",
        "rahampitso",
    ),
    0: (
        "today",
        "aujourd'hui",
        "aujourdhui",
        "auj",
        "ajd",
        "ce jour",
        "hoy",
        "hoje",
        "اليوم",
        "النهارده",
        "leo",
        "androany",
        "anio",
        "tonight",
        "الليلة",
    ),
    1: (
        "yesterday",
        "yday",
        "last night",
        "anoche",
        "hier",
        "ayer",
        "ontem",
        "أمس",
        "الأمس",
        "البارحة",
        "امبارح",
        "jana",
        "omaly",
        *("ليلة أمس", "ليلة البارحة"),
    ),
    2: (
        "the day before yesterday",
        "day before yesterday",
        "avant-hier",
        "avant hier",
        "anteayer",
        "antier",
        "antes de ayer",
        "anteontem",
        "antes de ontem",
        "أول أمس",
        "أول من أمس",
        "قبل أمس",
        "قبل امبارح",
        "juzi",
        "afak'omaly",
        "afaka omaly",
        "afakomaly",
    ),
}

# Around a weekday: "last Monday", "lundi dernier", "el lunes pasado", "na segunda passada",
# "يوم الاثنين الماضي", "Jumatatu iliyopita", "ny Alatsinainy lasa". "Last" words say the day is
# before today even when today is that weekday.
LAST_WORDS = frozenset(
    {
        "last",
        "past",
        "previous",
        "dernier",
        "derniere",
        "passe",
        "passee",
        "pasado",
        "pasada",
        "ultimo",
        "ultima",
        "passado",
        "passada",
        "الماضي",
        "الماضيه",
        "المنصرم",
        "iliyopita",
        "lasa",
        "teo",
    }
)
DAY_FILLER = frozenset(
    {
        "on",
        "this",
        "the",
        "le",
        "ce",
        "el",
        "este",
        "o",
        "a",
        "na",
        "no",
        "de",
        "feira",
        "يوم",
        "siku",
        "ya",
        "ny",
        "tamin",
        "tamin ny",
        "t",
    }
)

# The time of day after a day ("hier soir", "ayer por la tarde", "ontem à noite", "jana jioni",
# "omaly hariva", "أمس مساءً", "Monday morning"): the day is what a date asks. Folded words,
# dropped only when the day is not read with them ("antes de ayer" keeps its "de").
TIME_OF_DAY = frozenset(
    {
        *("morning", "afternoon", "evening", "night", "in", "the", "at"),
        *("matin", "matinee", "soir", "soiree", "apres", "midi", "nuit", "au", "dans", "la"),
        *("en", "por", "de", "tarde", "noche", "manana", "a", "manha", "noite", "da"),
        *("asubuhi", "mchana", "jioni", "usiku", "wa", "saa"),
        *("maraina", "antoandro", "tolakandro", "hariva", "alina", "ny", "tamin"),
        *("صباح", "صباحا", "الصباح", "مساء", "مساءا", "المساء", "ليلا", "الليل", "ظهرا"),
        *("الظهر", "بعد", "في", "ya"),
    }
)

# "This" before a part of the day ("this morning", "ce matin", "esta mañana", "esta manhã",
# "io maraina io", "هذا الصباح"): today. Not "cette nuit", "this night", "io alina io" nor
# "esta noite" (Portugal's "esta noite dormi mal" is last night), which are last night in the
# morning and tonight later: NIGHTS_EITHER_WAY, refused with "this" ("tonight", "anio alina",
# "esta noche" say which night).
NIGHTS_EITHER_WAY = frozenset({"nuit", "night", "alina"})
THIS_WORDS = frozenset({"this", "ce", "cet", "cette", "esta", "este", "io", "ity", "هذا", "هذه"})
PARTS_OF_DAY = frozenset(
    {
        *("morning", "afternoon", "evening", "night", "matin", "matinee", "apres", "midi"),
        *("soir", "soiree", "manana", "tarde", "noche", "manha", "asubuhi", "mchana"),
        *("jioni", "usiku", "maraina", "antoandro", "tolakandro", "hariva", "alina"),
        *("صباح", "الصباح", "مساء", "المساء", "الظهر", "ظهر"),
    }
)

YES_WORDS = (
    "yes",
    "y",
    "yeah",
    "yep",
    "oui",
    "ouais",
    "si",
    "sí",
    "sim",
    "نعم",
    "أجل",
    "ايوه",
    "ndiyo",
    "ndio",
    "naam",
    "eny",
    "eka",
)
NO_WORDS = (
    "no",
    "n",
    "nope",
    "non",
    "não",
    "nao",
    "لا",
    "كلا",
    "hapana",
    "la",
    "tsia",
    "tsy",
)

# "Nothing" typed at an optional question that asks for a text ("Which partner organisation
# took part, if any?" → "Aucun"): a skip, as the Skip button, not a partner named "Aucun".
NOTHING_WORDS = (
    "none",
    "nothing",
    "no",
    "n/a",
    "nil",
    "aucun",
    "aucune",
    "rien",
    "néant",
    "ras",
    "non",
    "ninguno",
    "ninguna",
    "nada",
    "nenhum",
    "nenhuma",
    "não",
    "hakuna",
    "hapana",
    "tsy misy",
    "tsisy",
    "tsia",
    "لا",
    "لا يوجد",
    "لايوجد",
    "لا شيء",
    "لا أحد",
)

# "Zero" or "nobody" typed as a head count ("How many men took part?" → "aucun", "hakuna",
# "sifuri", "صفر"): 0, as are the NOTHING_WORDS there, not a number to type again in digits.
ZERO_WORDS = (
    "zero",
    "nobody",
    "no one",
    "zéro",
    "personne",
    "cero",
    "nadie",
    "ninguém",
    "sifuri",
    "hakuna mtu",
    "hakuna hata mmoja",
    "aotra",
    "tsy nisy",
    "tsy nisy olona",
    "tsy misy olona",
    "صفر",
    "ولا واحد",
)

# Words that may follow "nobody" or "none" at a head count and leave it 0: "nobody came",
# "personne n'est venu", "nadie vino", "ninguém veio", "hakuna aliyekuja", "tsy nisy tonga",
# "لم يحضر أحد" (with whom it counts: "aucune femme", "no women"). Any other word ("nobody from
# the ministry") asks for the number again.
NOBODY_CAME_WORDS: tuple[str, ...] = (
    "came", "come", "attended", "showed", "turned", "up", "took", "part", "participated",
    "was", "were", "there", "present", "of", "them", "at", "all", "today",
    "n", "ne", "est", "etait", "etaient", "a", "ont", "venu", "venue", "venus", "venues",
    "participe", "participee", "presente", "presents", "presentes", "la", "du", "tout", "d",
    "entre", "elles", "eux", "il", "y", "avait", "eu",
    "vino", "vinieron", "asistio", "asistieron", "participo", "estuvo", "de", "ellas", "ellos",
    "veio", "vieram", "participou", "compareceu", "esteve", "delas", "deles",
    "aliyekuja", "aliyehudhuria", "aliyeshiriki", "alikuja", "aliyefika", "kati", "yao",
    "tonga", "nanatrika", "nandray", "anjara", "tamin", "izy", "ireo",
    "لم", "يحضر", "تحضر", "حضر", "حضرت", "يات", "تات", "جاء", "يشارك", "تشارك", "شارك", "احد",
    "أي", "منهم", "منهن",
)  # fmt: skip

# A number for each of something ("6 per session", "12 daily", "6 chacune", "12 kila siku",
# "١٢ يوميا"): not the total asked for. RATE_WORDS make it a rate alone; RATE_BEFORE words only
# before one of RATE_OF ("par groupe", "por sesión": "formées par l'équipe" is no rate).
RATE_WORDS: tuple[str, ...] = (
    "per", "each", "every", "daily", "apiece", "chacun", "chacune", "chaque", "quotidien",
    "quotidiennement", "cada", "diario", "diaria", "diarios", "diariamente", "diaria",
    "kila", "isaky", "isan", "tsirairay", "لكل", "كل", "يوميا",
)  # fmt: skip
RATE_BEFORE: tuple[str, ...] = ("par", "por", "kwa", "pour")
# "kwa" (for, at, by) and "pour" (for) are a rate before a day, a week, a group or a session
# only ("12 kwa siku", "6 pour groupe"), not before what the count was for: "12 kwa mafunzo"
# (at the training), "12 pour formation".
RATE_BEFORE_ONLY: dict[str, tuple[str, ...]] = {
    "kwa": ("siku", "wiki", "kikundi", "kikao", "darasa"),
    "pour": ("jour", "jours", "semaine", "groupe", "groupes", "session", "sessions", "seance"),
}
RATE_OF: tuple[str, ...] = (
    "jour", "jours", "dia", "dias", "siku", "andro", "day", "groupe", "groupes", "grupo",
    "grupos", "kikundi", "session", "sessions", "sesion", "sesiones", "sessao", "sessoes",
    "seance", "kikao", "classe", "clase", "turma", "darasa", "atelier", "taller", "oficina",
    "warsha", "module", "modulo", "ecole", "escuela", "escola", "shule", "village", "aldea",
    "aldeia", "kijiji", "site", "formation", "formacion", "formacao", "mafunzo", "semaine",
    "semana", "wiki",
)  # fmt: skip

# Units typed after a number, by the value a unit question stores ("2 jours" when the unit
# chosen was hours is refused rather than stored as 2 hours). Short forms only where they
# cannot be read otherwise.
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "days": (
        "day",
        "days",
        "d",
        "jour",
        "jours",
        "j",
        "journee",
        "journees",
        "dia",
        "dias",
        "يوم",
        "أيام",
        "يومين",
        "siku",
        "andro",
    ),
    "hours": (
        "hour",
        "hours",
        "h",
        "hr",
        "hrs",
        "heure",
        "heures",
        "hora",
        "horas",
        "ساعة",
        "ساعات",
        "ساعتين",
        "saa",
        "masaa",
        "ora",
        "adiny",
    ),
    "weeks": (
        "week",
        "weeks",
        "semaine",
        "semaines",
        "semana",
        "semanas",
        "أسبوع",
        "أسابيع",
        "wiki",
        "herinandro",
    ),
    "months": (
        "month",
        "months",
        "mois",
        "meses",
        "شهر",
        "أشهر",
        "شهور",
        "mwezi",
        "miezi",
        "volana",
    ),
    "minutes": (
        "minute",
        "minutes",
        "min",
        "mins",
        "minuto",
        "minutos",
        "دقيقة",
        "دقائق",
        "dakika",
        "minitra",
    ),
    # No form asks for years: "2 ans" at a duration in days, or "12 ans" (an age) at a head
    # count, was stored as 2 days or 12 people.
    "years": (
        *("year", "years", "yr", "yrs", "an", "ans", "année", "années", "año", "años"),
        *("ano", "anos", "سنة", "سنوات", "سنين", "عام", "أعوام", "mwaka", "miaka", "taona"),
    ),
}

# Words that multiply the number they follow ("12 mil", "3 milhões", "elfu 12", "١٢ ألف",
# "12k"): read as a word among others, the number would be stored a thousand times too small.
# A number with one of them is refused, with a request to type it in digits.
MAGNITUDE_WORDS: tuple[str, ...] = (
    # English
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
    "billions", "dozen", "dozens", "lakh", "lakhs", "crore", "crores", "k", "mn", "bn",
    # French
    "cent", "cents", "centaine", "centaines", "mille", "milles", "milliers", "millier",
    "milliard", "milliards", "douzaine", "douzaines", "dizaine", "dizaines", "vingtaine",
    "vingtaines", "trentaine", "quarantaine", "cinquantaine", "soixantaine",
    # Spanish and Portuguese
    "cien", "ciento", "cientos", "centenar", "centenares", "mil", "miles", "millon",
    "millones", "docena", "docenas", "decena", "decenas", "cem", "centena", "centenas",
    "milhar", "milhares", "milhao", "milhoes", "bilhao", "bilhoes", "dezena", "dezenas",
    "duzia", "duzias",
    # the hundreds from two to nine, each one word in Spanish and Portuguese
    "doscientos", "doscientas", "trescientos", "trescientas", "cuatrocientos",
    "cuatrocientas", "quinientos", "quinientas", "seiscientos", "seiscientas", "setecientos",
    "setecientas", "ochocientos", "ochocientas", "novecientos", "novecientas", "duzentos",
    "duzentas", "trezentos", "trezentas", "quatrocentos", "quatrocentas", "quinhentos",
    "quinhentas", "seiscentos", "seiscentas", "setecentos", "setecentas", "oitocentos",
    "oitocentas", "novecentos", "novecentas",
    # Swahili
    "mia", "elfu", "laki", "milioni", "bilioni",
    # Malagasy
    "zato", "arivo", "alina", "hetsy", "tapitrisa",
    # (two to nine hundred in one word: "roanjato", "enin-jato")
    "jato", "roanjato", "telonjato", "efajato", "dimanjato", "eninjato", "fitonjato",
    "valonjato", "sivanjato",
    # Arabic
    "مئة", "مائة", "مئات", "ألف", "ألفين", "آلاف", "مليون", "ملايين", "مليار",
    # (two hundred, three to nine hundred in one word, two thousand)
    "مئتان", "مئتين", "مائتان", "مائتين", "ثلاثمئة", "ثلاثمائة", "أربعمئة", "أربعمائة",
    "خمسمئة", "خمسمائة", "ستمئة", "ستمائة", "سبعمئة", "سبعمائة", "ثمانمئة", "ثمانمائة",
    "ثمانيمئة", "ثمانيمائة", "تسعمئة", "تسعمائة", "ألفان",
)  # fmt: skip

# Of these, the words that say about how many rather than a number to write in digits ("une
# dizaine", "a dozen", "une vingtaine", "des centaines", "dezenas", "مئات"): alone, they are asked
# as any answer that is no number, not "in digits, for example 12000 for twelve thousand".
APPROXIMATE_MAGNITUDES: tuple[str, ...] = (
    "hundreds", "thousands", "millions", "dozen", "dozens", "centaine", "centaines",
    "milliers", "millier", "douzaine", "douzaines", "dizaine", "dizaines", "vingtaine",
    "vingtaines", "trentaine", "quarantaine", "cinquantaine", "soixantaine", "cientos",
    "centenar", "centenares", "miles", "millones", "docena", "docenas", "decena", "decenas",
    "centena", "centenas", "milhar", "milhares", "milhoes", "dezena", "dezenas", "duzia",
    "duzias", "مئات", "آلاف", "ملايين",
)  # fmt: skip

# "And a half" (or a quarter) after a number, folded as _search_key folds it: "6 heures et demie"
# read as 6 lost the half. A number with one is refused, with a request for its decimals.
FRACTION_PHRASES: tuple[str, ...] = (
    "and a half", "and half", "and a quarter", "et demi", "et demie", "et quart",
    "et un quart", "y medio", "y media", "y cuarto", "e meio", "e meia", "e um quarto",
    "na nusu", "na robo", "sy sasany", "sy antsasany", "sy tapany", "sy antsasakany",
    "ونصف", "و نصف", "وربع", "و ربع",
)  # fmt: skip

# After "and half", these make it a part of the people counted, not of the number: "30, and
# half of them are from Goma", "20 na nusu yao ni wasichana" (and half of them are girls).
# A half or a quarter standing alone before or after a number ("une demi-journée", "one
# half hour", "una media hora", "nusu saa moja"): a part of one unit, not that many units.
HALF_WORDS: tuple[str, ...] = (
    "half", "quarter", "quarters", "demi", "demie", "quart", "quarts", "medio", "media",
    "cuarto", "cuartos", "meio", "meia", "quarto", "quartos", "nusu", "robo", "sasany",
    "antsasany", "tapany", "antsasakany", "نصف", "ربع",
)  # fmt: skip
FRACTION_OF: tuple[str, ...] = (
    "of", "the", "them", "are", "were", "yao", "wao", "ni", "walikuwa", "tamin", "amin",
)  # fmt: skip

# "Per cent" as the seven languages write it, spaces taken out ("pour cent" → "pourcent"):
# a whole number typed with one ("50 %", "50 percent", "asilimia 50") is a share, not a count.
PERCENT_MARKS = "%٪‰"
PERCENT_WORDS: tuple[str, ...] = (
    "percent", "pourcent", "porciento", "porcento", "asilimia", "isanjato", "بالمئة",
    "بالمائة", "فيالمئة", "فيالمائة",
)  # fmt: skip

# Whom a head count counts (Question.counts): "12 men" typed at "How many women?" is refused,
# not stored as 12 women. Words of the other groups only; a group may have none ("other").
GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "women": (
        "women", "woman", "femmes", "femme", "mujeres", "mujer", "mulheres", "mulher",
        "wanawake", "mwanamke", "vehivavy", "نساء", "امرأة", "سيدات", "نسوة",
        "f",  # as sheets write it: "12 F", "12F" (femmes, female, feminino, femenino)
    ),
    "men": (
        "men", "man", "hommes", "homme", "hombres", "hombre", "homens", "homem",
        "wanaume", "mwanaume", "lehilahy", "رجال", "رجل",
        "h",  # "12 H", "12H" (hommes, homens, hombres): at a head count, not hours
    ),
    "other": (),
}  # fmt: skip
# Letters that registers write after a head count for a group ("12 M", "12W", "12 ke"), by
# language, besides "f" and "h" above that mean one group in every language. The same letter
# may mean another group in another language: "M" is men in English and French (masculin), "V"
# women in Malagasy (vavy) and men in Spanish (varones). In Spanish and Portuguese "M" is both:
# mujeres, mulheres beside H (hombres, homens), and masculino beside F (femenino, feminino).
# A letter the reader's language does not use is read in the others; a letter read as two
# groups is asked again.
GROUP_LETTERS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"women": ("w",), "men": ("m",)},
    "fr": {"men": ("m",)},
    "es": {"women": ("m",), "men": ("m", "v")},
    "pt": {"women": ("m",), "men": ("m",)},
    "sw": {"women": ("ke",), "men": ("me",)},
    "mg": {"women": ("v",), "men": ("l",)},
}

# Words that may stand beside a number written in words ("vingt-cinq personnes", "about
# twenty", "takriban ishirini"), besides the group, unit, per cent, magnitude and "and a half"
# words above: a number in words among any other words is not read ("un groupe" is no 1).
PEOPLE_WORDS: tuple[str, ...] = (
    "people", "persons", "person", "participants", "participant", "ppl", "pers",
    "personnes", "personne", "participantes", "participante", "personas", "persona", "pessoas",
    "pessoa", "watu", "mtu", "washiriki", "olona", "mpandray", "anjara", "أشخاص", "شخص",
    "مشاركين", "مشارك", "مشاركة", "مشاركات", "مشاركا", "pax",
)  # fmt: skip
APPROX_WORDS: tuple[str, ...] = (
    "about", "around", "approximately", "approx", "roughly", "some", "nearly", "almost",
    "environ", "a peu pres", "presque", "pres de", "unos", "unas", "aproximadamente",
    "cerca de", "casi", "alrededor de", "uns", "umas", "quase", "takriban", "karibu",
    "eo ho eo", "manodidina ny", "tokony ho", "حوالي", "حوالى", "تقريبا", "نحو",
)  # fmt: skip

# A bound rather than a number ("more than 20", "plus de 20", "20 mahery", "20 or more"): the
# count is not known, and storing 20 would pass a guess for a count. Refused, with a request
# for the exact number. Approximations ("about 20", "plus ou moins 20") are read, as before:
# BOUND_NOT is taken out before looking for a bound.
BOUND_WORDS: tuple[str, ...] = (
    "more than", "over", "above", "at least", "less than", "fewer than", "under", "below",
    "at most", "up to", "or more", "or less", "and more", "and above",
    "plus de", "moins de", "au moins", "au plus", "au dela de", "jusqu a", "ou plus", "ou moins",
    "et plus", "pas plus de",
    "mas de", "menos de", "al menos", "por lo menos", "como minimo", "como maximo", "hasta",
    "o mas", "o menos", "y mas",
    "mais de", "pelo menos", "no minimo", "no maximo", "ou mais", "e mais", "ate",
    "zaidi ya", "chini ya", "angalau", "au zaidi", "na zaidi", "isiyozidi", "hadi", "mpaka",
    "mihoatra ny", "mihoatra", "latsaky ny", "latsaka", "farafahakeliny", "farafahabetsany",
    "hatramin ny",
    "mahery", "ambony",
    "أكثر من", "اكثر من", "أقل من", "اقل من", "على الأقل", "على الاقل", "فوق", "أو أكثر",
    "او اكثر", "أو أقل", "او اقل", "حتى", "ما يزيد عن", "لا يقل عن",
)  # fmt: skip
# Of these, words that bound the number before them, never the one after ("12 or more over two
# days" is at least 12).
BOUND_AFTER_ONLY: tuple[str, ...] = (
    "or more", "or less", "and more", "and above", "ou plus", "ou moins", "et plus", "o mas",
    "o menos", "y mas", "ou mais", "e mais", "au zaidi", "na zaidi", "mahery", "أو أكثر",
    "او اكثر", "أو أقل", "او اقل",
)  # fmt: skip
# Of these, words that are a bound only before the number ("até 12", "hadi 12"): after it they
# are something else ("12, we ate together").
BOUND_BEFORE_ONLY: tuple[str, ...] = ("ate", "hadi", "mpaka", "hatramin ny")
BOUND_NOT: tuple[str, ...] = (
    "more or less", "plus ou moins", "mas o menos", "mais ou menos", "zaidi au chini",
    # "so far": how many came until now, not a bound ("12 hasta ahora", "١٢ حتى الآن")
    "up to now", "up to date", "up to today", "jusqu a present", "jusqu a maintenant",
    "jusqu a aujourd hui", "jusqu a ce jour", "hasta ahora", "hasta el momento", "hasta hoy",
    "hasta la fecha", "حتى الآن", "حتى الان", "حتى اليوم", "حتى هذه اللحظة", "ate agora",
    "ate ao momento", "ate o momento", "ate hoje", "ate a data", "ate aqui", "hadi sasa",
    "mpaka sasa", "hadi leo", "mpaka leo", "hatramin izao", "hatramin ny androany",
)  # fmt: skip

# Letters written onto a number, with no space, that make it a rank, a multiplier or a number
# sign rather than a count ("1st", "12th", "1er", "2e", "12ème", "2nd", "3ro", "4to", "2a",
# "3x"; "x3", "n12", "faha12"), folded as _search_key folds them. Any other letters are read
# as with a space ("12filles", "12p", "12vavy", "12ke").
GLUED_AFTER_NOT_A_COUNT = frozenset(
    {
        *("st", "nd", "rd", "th", "er", "ere", "re", "e", "eme", "ieme", "nde"),
        *("o", "a", "ro", "do", "to", "vo", "mo", "no", "x"),
    }
)
GLUED_BEFORE_NOT_A_COUNT = frozenset({"x", "n", "no", "nr", "num", "nro", "faha"})
