"""Word lists for the personal-data screening, in the seven languages (pure data).

Entries are written as people type them; `norm` (casefold, accents and Arabic diacritics
dropped, hamza forms of alif folded) is applied once here and to every token screened, so
"élève", "eleve" and "ÉLÈVE" are one entry. A few words belong to two lists on purpose (a
Swahili name that is also a common word): the lists below say which wins.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ـ": None})


@lru_cache(maxsize=8192)  # report words repeat: this halves the screening time
def norm(word: str) -> str:
    """The lookup form of a word: casefolded, without accents or Arabic diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(*groups: str) -> frozenset[str]:
    return frozenset(norm(w) for group in groups for w in group.split())


def _arabic(*groups: str) -> frozenset[str]:
    """Arabic nouns with and without the article al-."""
    plain = [w for group in groups for w in group.split()]
    return frozenset(norm(w) for word in plain for w in (word, "ال" + word))


def _phrases(*groups: str) -> tuple[str, ...]:
    """Multi-word entries separated by '|' (the screening tokenizes them as it tokenizes text)."""
    return tuple(p.strip() for group in groups for p in group.split("|") if p.strip())


# ------------------------------------------------------------------- a child, a pupil, a victim

CHILD = (
    _words(
        # en
        "child children kid kids boy boys girl girls baby babies infant infants toddler teen "
        "teens teenager teenagers adolescent adolescents youngster juvenile minor minors pupil "
        "pupils schoolgirl schoolboy schoolchild schoolchildren student students orphan orphans "
        "victim victims survivor survivors daughter newborn learner son niece nephew grandchild "
        "grandson granddaughter",
        # fr
        "enfant enfants gamin gamine garçon garçons fille filles fillette fillettes bébé bébés "
        "nourrisson nouveau-né adolescent adolescente adolescentes ado ados mineur "
        "mineure mineurs mineures élève élèves écolier écolière écoliers écolières collégien "
        "collégienne lycéen lycéenne étudiant étudiante orphelin orpheline orphelins victime "
        "victimes survivant survivante survivantes fils nièce neveu restavèk restavek talibé "
        "talibés",
        # Haitian Creole, as typed in French notes
        "timoun tifi tigason pitit elèv",
        # es
        "niño niña niños niñas chico chica chicos chicas muchacho muchacha muchachos muchachas "
        "bebé adolescentes menor menores alumno alumna alumnos alumnas estudiante estudiantes "
        "escolar escolares huérfano huérfana huérfanos víctima víctimas sobreviviente "
        "superviviente hijo hija hijos hijas nena nene sobrina sobrino nieta nieto",
        # pt
        "criança crianças menino menina meninos meninas garoto garota garotos garotas bebê "
        "aluno aluna alunos alunas estudante órfão órfã órfãos vítima vítimas sobrevivente "
        "filho filha filhos filhas sobrinha sobrinho neta neto",
        # sw
        "mtoto watoto msichana wasichana mvulana wavulana mwanafunzi wanafunzi mwathirika "
        "waathirika manusura yatima mayatima kitoto mwanangu mwanawe binti mjukuu mpwa",
        # mg
        "zaza ankizy zazakely zazavavy zazalahy ankizivavy ankizilahy tovovavy zatovo mpianatra "
        "kamboty zanaka niharam-boina iharam-boina traboina zafikely zafikeliny",
    )
    | _arabic(
        "طفل طفلة أطفال طفلا فتاة فتى صبي صبية تلميذ تلميذة تلاميذ تلميذات طالب طالبة "
        "قاصر قاصرة قاصرين قاصرات ضحية ضحايا يتيم يتيمة أيتام رضيع رضيعة مراهق مراهقة ناجية "
        "حفيد حفيدة ابنة"
    )
    | _words("البنت الولد ابنته ابنها ابنه")  # bare بنت / ابن also join names (bint, ibn)
    | _words("الواد")  # Egyptian: the boy
)
# "Call" names only before a quoted nickname ('the kid they call "Mapipa"'); otherwise it is a
# phone call ("call Mary about the girls' camp").
CALLS = _words("call calls appellent llaman chamam wanamwita")
# Verbs of meeting a child, as a note opens ("Met Kevin, 13, at the bus park", "Tulitembelea
# Chalinze", "Encontramos a Pedrito"): capitalised at the head of a sentence they are not the
# first half of a name, and a word typed in lower case after them is a name when an age follows
# it ("we met tasha, 11, at the market").
MEETING_VERBS = _words(
    "met meet visited visit saw found interviewed spoke talked followed referred accompanied "
    "rescued identified counselled counseled escorted assisted registered enrolled "
    "rencontré rencontre rencontrée vu vue visité visite trouvé trouve parlé parle écouté "
    "accompagné référé orienté suivi interrogé "
    "encontramos encontré encontre vimos visitamos visité conocimos conocí hablamos hablé "
    "atendimos atendí acompañamos entrevistamos derivamos "
    "encontrei visitei conhecemos conheci falamos falei atendemos atendi acompanhamos "
    "encaminhamos "
    "tulikutana nilikutana tulimkuta nilimkuta tulimwona nilimwona tulimtembelea "
    "nilimtembelea tulitembelea nilitembelea tuliongea niliongea tulizungumza nilizungumza "
    "nahita nihaona nitsidika notsidihina niresaka nanontany"
)
# Verbs of visiting take places as often as people ("visited kibera (12)").
VISITS = _words(
    "visited visit visité visite visitamos visitei tulitembelea nilitembelea nitsidika"
)
# Between a verb of meeting and the name: "spoke to", "parlé avec", "conocimos a", "an'i".
MEETING_LINKS = _words("to with avec a à con com na an'i tamin'i i")
# A nickname's diminutive before a name typed in lower case: "lil tasha", "little tommy (7)",
# "le petit james", "ti jak", "el chiquito".
DIMINUTIVES = _words(
    "lil little petit petite ti chiquito chiquita pequeño pequeña pequeno pequena mdogo kely"
)
# A verb of having (or a pronoun and a copula) stating an age without its unit: "tiene 6",
# "tem 7", "she's 11", "he is 12", "elle a 12" (not the Creole "gen": "Nou gen 12", we have 12).
# What a name and a number are said to be when the number counts tasks: "Peter 3 is done,
# Mary 2 still pending"; and a reading of scripture, "Paul 2 was the reading".
TASK_STATES = _words("done pending completed finished outstanding overdue submitted remaining")
# A staff member's work still to hand in, after "to", "à", "por": "Peter 12 still to submit",
# "Marie 3 encore à rendre", "Rosa 3 todavía por entregar"; the Swahili infinitive on its own,
# "Neema 3 bado kutuma" (not "kevin 12 still to be enrolled", "to go back to school", "to
# complete primary school": no verb a child's schooling takes).
TASK_VERBS = _words(
    "submit send upload deliver file enter rendre envoyer remettre soumettre saisir "
    "entregar enviar subir cargar submeter"
)
SWAHILI_TASK_VERBS = _words(
    "kutuma kuwasilisha kupakia",
    # reports not yet sent or submitted (things, not a person): "Juma 3 bado hazijatumwa"
    "hazijatumwa hazijawasilishwa",
    # Malagasy, to send, to hand in (will, did): "Rakoto 3 mbola tsy nandefa"
    "handefa nandefa hanolotra nanolotra",
)
# What such a verb hands in, when the clause goes on after it: "Peter 3 still to submit his
# reports" (not "Kevin 12 to send home", "à remettre à sa famille": a child handed over).
WORK_HANDED_IN = _words(
    "report reports rapport rapports informe informes relatório relatórios ripoti taarifa "
    "form forms formulaire formulaires formulario formularios formulário formulários fomu "
    "fiche fiches ficha fichas data données datos dados receipts reçus recibos timesheet "
    "timesheets tatitra"
)
READINGS = _words("reading readings lesson verse chapter")
# An adult's leave, said after a name and a number: "Lilian 5 still en congé", "de permiso",
# "yuko likizo" (the English "leave" only after "on": "was forced to leave school" is a child's).
LEAVE = _words("congé conge congés conges permiso licencia licença licenca likizo fialan-tsasatra")
# A holiday, said after a name and a number and "on", "en", "de", "em", "في": "Jean 2 en
# vacances", "Rosa 2 de vacaciones", "Ana 2 de férias", "أحمد 2 في عطلة" (not with a family
# after it: "Kevin 12 en vacances chez sa tante" is as likely a child's).
HOLIDAYS = _words(
    "holiday holidays vacation vacances vacaciones férias ferias likizoni vakansy عطلة"
)
# The family a child spends a holiday with.
FAMILY = _words(
    "family famille familia família parents padres pais wazazi familia fianakaviana "
    "grandparents grands-parents abuelos avós tante oncle tía tío tia tio "
    "bibi babu mjomba shangazi renibe raibe dadabe bebe "
    "عائلته عائلتها أهله أهلها"
)
# A staff member away from work, said after her name and a number: "Faith 4 still out of
# office", "Jean 2 en mission", "Juma 3 yuko safarini".
AWAY = _phrases(
    "out of office | on mission | en mission | en misión | de misión | "
    "em missão | safarini | misheni | "
    # on official duty (Spanish); on leave, on a mission (Arabic)
    "en comisión | de comisión | في إجازة | في مهمة | "
    # on sick or maternity leave (Spanish): "Rosa 2 de baja por maternidad"
    "de baja | en baja"
)
# Between "on" and the English "leave": "Lilian 5 still on annual leave", "on sick leave".
LEAVE_KINDS = _words("annual sick maternity paternity study compassionate unpaid medical home")
AGE_VERBS = _words("tiene tenía tenia tem tinha she's he's shes hes who's whos")
# "who" too: "Kevin, who is 12, stayed behind" ("qui a 12 ans" has its unit)
AGE_PRONOUNS = _words("she he elle il ella él ele ela who")
AGE_COPULAS = _words("is was a avait tiene tem")
# Verbs whose subject is a place or an institution: "Kakuma (12) received kits", "Jacmel (12)
# a accueilli la formation" (a bare number after a town is then a count, not an age).
PLACE_VERBS = _words(
    "received hosted recorded registered reported counted accueilli reçu recu enregistré "
    "enregistre compté compte recibió recibio acogió acogio registró registro albergó albergo "
    "recebeu acolheu registou registrou sediou ilipokea walipata ilirekodi nahazo nandray "
    "استقبلت استقبل سجلت سجل"
)
# Adults who look after a group of children, in a heading of the children's group: "Girls club
# mentors: Grace Achieng, Ann Muthoni" names the mentors (not "Girls club members:").
ADULT_GROUPS = _words(
    "mentors coaches patrons matrons volunteers staff guests caregivers caretakers chaperones "
    "encadreurs encadreuses encadrants encadrantes bénévoles parrains marraines "
    "mentores mentoras monitores monitoras entrenadores entrenadoras voluntarios voluntarias "
    "padrinos madrinas treinadores treinadoras voluntários voluntárias padrinhos madrinhas "
    "wajitolea walezi makocha mpiandraikitra mpanolotsaina"
) | _arabic("مرشدون مرشدين مرشدات متطوعون متطوعين متطوعات مشرفون مشرفين مشرفات")
# Verbs of taking part: after a town with a count in brackets ("Kibera (12) attended the
# training", "Jacmel (12) a participé"), the number counts the people who came from it.
PARTICIPATION_VERBS = _words(
    "attended participated joined participé participe participó participo participaron "
    "participou participaram asistió asistio asistieron compareceu walishiriki alishiriki "
    "walihudhuria alihudhuria nanatrika niditra"
) | _arabic("شارك شاركت حضر حضرت")
# One parent or relative: "la mamá de Dayana (11)" is a relation, not a place ("de").
PARENTS = _words(
    "mother father mum mom dad stepfather stepmother grandmother grandfather aunt uncle "
    "guardian mère mere père pere maman papa grand-mère grand-père tante oncle tuteur tutrice "
    "madre padre mamá mama papá papa abuela abuelo tía tia tío tio madrastra padrastro mãe mae "
    "pai avó avo avô tia tio madrasta padrasto reny ray renibe raibe"
)
# A brother or a sister: with an age in brackets, a person ("Maricielo (13) y su hermanita (9)").
SIBLINGS = _words(
    "brother sister brothers sisters frère frere sœur soeur frères soeurs hermano hermana "
    "hermanito hermanita hermanos hermanas irmão irmao irmã irma irmãozinho irmãzinha kaka "
    "dada rahalahy rahavavy anadahy anabavy bro sis "
    # with "his", "her" in the word: "na dadake Neema 9", "sy ny rahavaviny Rasoa 9"
    "dadake kakake rahavaviny rahalahiny anadahiny anabaviny",
    # Malagasy, his younger or elder brother or sister: "sy ny zandriny Rasoa 9"; Swahili,
    # his brother or sister, his younger one: "na nduguye Hassan 7", "na mdogowe Ali 8"
    "zandriny zokiny nduguye mdogowe kakaye dadaye",
) | _arabic("أخ أخت أخوه أخته أخوها أختها")
# Child words that name a group: an age after one is the group's ("les enfants de 10 ans").
PLURAL_CHILD = _words(
    "children kids boys girls babies teens teenagers adolescents minors pupils schoolchildren "
    "students orphans victims survivors enfants garçons filles fillettes bébés adolescentes "
    "ados mineurs mineures élèves écoliers écolières orphelins victimes survivantes talibés "
    "niños niñas chicos chicas muchachos muchachas menores alumnos alumnas estudiantes "
    "escolares huérfanos víctimas hijos hijas crianças meninos meninas garotos garotas alunos "
    "alunas órfãos vítimas filhos filhas watoto wasichana wavulana wanafunzi waathirika "
    "mayatima"
) | _arabic("أطفال تلاميذ تلميذات قاصرين قاصرات ضحايا أيتام")

CHILD_PHRASES = _phrases(
    "zaza tsy ampy taona | tsy ampy taona | mtoto mchanga | mtoto mdogo | mtoto wa kike | "
    "mtoto wa kiume | petite fille | jeune fille | jeune garçon | young girl | young boy"
)

# A child's situation said after her name and bare age, enough to read a given name that is
# also a word ("mercy", "hope", "neema") as her name: "mercy 11 still out of school".
OUT_OF_SCHOOL = _phrases(
    "out of school | not in school | hors de l'école | pas à l'école | sin escuela | "
    "fuera de la escuela | fora da escola | sem escola | nje ya shule | haendi shule | "
    "hasomi | tsy mianatra | tsy mandeha am-pianarana | pa lekol | pa ale lekol | "
    # who left school: "Marie 13 déscolarisée", "Neema 13 ameacha shule", "فاطمة 13 تركت المدرسة"
    "déscolarisé | déscolarisée | a quitté l'école | dejó la escuela | abandonó la escuela | "
    "abandonou a escola | deixou a escola | ameacha shule | aliacha shule | ترك المدرسة | "
    "تركت المدرسة | خارج المدرسة"
)

# A child word inside a name for something else: "child protection officer", "droits de
# l'enfant", "juge des enfants" (followed by, or preceded by, these).
CHILD_COMPOUND_AFTER = _words(
    "protection rights friendly labour labor welfare marriage marriages court courts abuse "
    "trafficking soldiers soldier care sensitive participation helpline parliament "
    "protección protecção proteção derechos direitos",
)
CHILD_COMPOUND_BEFORE = _words(
    "droits droit protection rights protección derechos proteção direitos haki ulinzi "
    "fiarovana zon zo juge judge tribunal court brigade police justice juez juiz "
    "fiscal promotor jaji mahakama mpitsara fitsarana "
    # events and bodies named after children: "Day of the African Child", "Journée de
    # l'enfant africain", "Siku ya Mtoto wa Afrika", "Parlement des enfants"
    "day journée journee día dia siku andro fête fete week semaine semana wiki parliament "
    "parlement parlamento bunge forum fórum congrès congress cumbre sommet summit",
) | _arabic("حقوق حماية قاضي محكمة شرطة يوم عيد برلمان")

# ------------------------------------------------------------------- professional roles

ROLE = _words(
    # en
    "judge magistrate prosecutor minister trainer trainers facilitator teacher headteacher "
    "headmaster headmistress principal director officer police policeman policewoman inspector "
    "commissioner lawyer attorney doctor nurse coordinator mayor president deputy senator "
    "governor chief representative counsellor counselor chair chairperson chairman manager "
    "superintendent sergeant captain specialist expert consultant advocate activist member "
    "clerk registrar secretary worker agent psychologist midwife pastor imam priest councillor "
    "focal lecturer professor instructor educator supervisor ambassador prefect teachers "
    "facilitators coordinators patron patroness matron coach",
    # drivers, in every language: "Accompany Kevin (driver)", "Brian (12) chauffeur"
    "driver chauffeur chofer motorista dereva mpamily",
    # fr
    "juge magistrat magistrate procureur procureure substitut ministre formateur formatrice "
    "formateurs facilitateur facilitatrice animateur animatrice enseignant enseignante "
    "professeur professeure instituteur institutrice directeur directrice policier policière "
    "gendarme commissaire inspecteur inspectrice agent agente officier avocat avocate médecin "
    "docteur infirmier infirmière travailleur travailleuse assistant assistante coordonnateur "
    "coordonnatrice coordinateur coordinatrice maire préfet préfète président présidente "
    "député députée sénateur sénatrice gouverneur chef responsable représentant représentante "
    "délégué déléguée spécialiste experte consultant consultante conseiller conseillère "
    "membre greffier greffière secrétaire psychologue sage-femme pasteur curé notable "
    "directeur-général intervenant intervenante éducateur éducatrice superviseur "
    "superviseure ambassadeur ambassadrice maître maîtresse enseignants enseignantes "
    "animateurs animatrices maîtres maîtresses titulaire titulaires",
    # es
    "juez jueza fiscal ministro ministra formador formadora capacitador capacitadora "
    "facilitador facilitadora maestro maestra profesor profesora docente director directora "
    "policía comisario comisaria inspector inspectora abogado abogada médico médica "
    "doctora enfermero enfermera trabajador trabajadora coordinador coordinadora alcalde "
    "alcaldesa presidente presidenta diputado diputada senador senadora gobernador "
    "gobernadora jefe jefa representante especialista experto experta consultor consultora "
    "miembro secretario secretaria psicólogo psicóloga educador educadora defensor defensora "
    "maestros maestras profesores profesoras docentes",
    # pt
    "juiz juíza promotor promotora ministro ministra formador formadora facilitador "
    "facilitadora professor professora diretor diretora polícia policial agente delegado "
    "delegada inspetor inspetora advogado advogada médico médica enfermeiro enfermeira "
    "assistente coordenador coordenadora prefeito prefeita presidente deputado deputada "
    "senador senadora governador governadora chefe representante especialista consultor "
    "consultora membro secretário secretária psicólogo psicóloga educador educadora "
    "professores professoras",
    # sw
    "jaji hakimu mwalimu walimu waziri mkufunzi wakufunzi mwezeshaji wawezeshaji afisa ofisa "
    "polisi askari daktari muuguzi wakili mkurugenzi mratibu mkuu mbunge diwani mwenyekiti "
    "katibu mtendaji kamishna inspekta mkaguzi mshauri mtaalamu mwakilishi mjumbe mchungaji "
    "shehe mwendesha mashtaka",
    # mg
    "mpitsara mpampianatra mpampiofana minisitra ben'ny talen'ny talen-tsekoly talentsekoly "
    "polisy zandary dokotera mpitsabo mpisolovava mpanentana mpandrindra lehiben'ny filoha "
    "prefet solombavambahoaka mpanolotsaina mpiasa mpikambana sekretera mpitandrina "
    "mpampanoa lalàna",
) | _arabic(
    "قاضي قاضية القاضي مدرب مدربة وزير وزيرة معلم معلمة مدير مديرة شرطي ضابط محامي محامية "
    "طبيب طبيبة ممرض ممرضة أخصائي أخصائية منسق منسقة رئيس رئيسة عمدة والي مفتش مفتشة نائب "
    "نائبة أستاذ أستاذة مسؤول مسؤولة ميسر ميسرة مستشار مستشارة خبير خبيرة عضو وكيل مندوب "
    "مندوبة كاتب سفير مرشد مرشدة "
    # plural: "المعلمون: عبد الرحمن أحمد (الصف الخامس)" are teachers
    "معلمون معلمين معلمات مدربون مدربين مدربات مدرسون مدرسين مدرسات أساتذة ميسرون ميسرين"
)
# A copula and an adult's post: "Kiprop 2 is the driver", "est le chauffeur", "ni dereva" (not
# the posts a child may be said to hold: "Kevin 12 is a worker at the quarry", "a member",
# "mpiasa", "mjumbe").
ADULT_POSTS = (
    ROLE
    - _words(
        "worker member prefect agent assistant travailleur travailleuse agente assistante "
        "trabajador trabajadora miembro membro assistente mjumbe mwendesha mpiasa mpikambana "
        "prefet"
    )
    - _arabic("عضو وكيل")
)
HONORIFIC = (
    _words(
        "mr mrs ms dr prof hon sir m mme mlle me pr sr sra srta don doña dona senhor senhora "
        "señor señora monsieur madame bw bwana bi mama baba mzee andriamatoa atoa ramatoa rtoa "
        "sheikh hajj hadja hadj elhadj dra seu",
        # religious titles: a nun, a priest (Malagasy, Swahili), a teacher of the Koran
        "masera mompera padri sista reverend ustadh ustaz",
    )
    | _arabic("السيد السيدة الشيخ الحاج الحاجة الدكتور الدكتورة المهندس")
    | _words(
        # the king, the queen, the prince, the princess: "مدرسة الملك حسين" (King Hussein school);
        # with the article only ("أميرة 12 سنة", "ملك 9 سنوات" are Amira and Malak, girls)
        "الملك الملكة الأمير الأميرة"
    )
)
# What may stand between a role and the name: "la coordinatrice régionale Marie", "le juge des
# enfants Paul", "the deputy head teacher Ann".
ROLE_TAIL = _words(
    "régional régionale national nationale principal principale adjoint adjointe général "
    "générale social sociale sociaux communal communale départemental départementale "
    "provincial provinciale chef de des du d l la le les pour en paix the of for regional "
    "senior head local district deputy social legal protection juvenile family "
    "regional nacional social adjunto adjunta de del los las da do dos das para "
    "wa ya la mkuu wilaya mkoa ny ao amin'ny sekoly tanàna",
)

# ------------------------------------------------------------------- the words around a name

# "named Marie", "nommée", "اسمها": what follows is a name, capitalised or not.
NAMED = _words(
    "name named called nicknamed nommé nommée nommés appelé appelée prénommé prénommée dénommé "
    "dénommée surnommé surnommée llamado llamada llamados chamado chamada chamados anaitwa "
    "aitwaye aitwae anayeitwa aliyeitwa ajulikanaye antsoina atao nom nombre nome jina "
    "anarana anarany appelle appelait llama llamaba chama chama-se chamava prénom rele "
    # Darija and Tunisian typed in Latin letters: "ismou amine" (his name is Amine)
    "ismou ismo smou smo smito smitou ismha smha smitha esmo esmha "
    "names noms prénoms nombres nomes majina anaran'ny أسماء "
    "اسمه اسمها يدعى تدعى المدعو المدعوة المسمى المسماة واسمها واسمه الاسم",
)
# Between a child word (or an age) and the name that follows it.
GLUE_BEFORE = _words(
    "the a an le la l les un une el los las una o os as um uma ny ilay i ilay our notre "
    "nuestra nuestro nossa nosso young little jeune petite petit pequeña pequeño pequena "
    "pequeno mdogo kely hoe this cette ce este esta esse essa hii huyu is was est était "
    "es era é foi ni alikuwa dia present presents présent présents présente présentes lake "
    "yake dele dela "
    "presente presentes waliohudhuria nanatrika "
    "الصغيرة الصغير هذه هذا الحاضرون الحاضرين",
)
# Between a name and an age, a child word or a role that describe it.
GLUE_AFTER = (
    _words(
        "is was has had who a the an une un una uma um el la le l o ny ilay est était etait a "
        "avait qui es era tiene tenía que é era tem tinha ni alikuwa ana ambaye aliye mwenye "
        "dia izay manana efa been été sido sida aged age âgé âgée agee de d du of with com con "
        "edad idade umri years also aussi también também pia ihany jeune young little petite "
        "petit pequeña pequeño pequena pequeno mdogo kely "
        # Haitian Creole: "Ti-Jacques gen 10 an", "Nadège, li gen 13 an"
        "gen li",
    )
    | _words(
        # Spoken Arabic for "has" (an age): "محمود عنده 11 سنة", "عندها 12 سنة", "عندو 10 سنين"
        "عنده عندها عندو",
    )
    | _arabic("هي هو كانت كان التي الذي وهي وهو البالغة البالغ من العمر عمرها عمره ذات ذو")
)
# Before an age, these make it a length of time: "pendant 12 ans", "for 8 years".
DURATION = _words(
    "pendant durant depuis après during for after since over durante desde después por há "
    "kwa tangu baada nandritra taorian'ny nanomboka لمدة منذ بعد خلال",
)
# After an age, these make it a career's length: "12 ans d'expérience", "12 years with the police".
CAREER = _words(
    "experience exp expérience experiencia experiência uzoefu traikefa service servicio serviço "
    "carrière career carrera carreira métier profession profesión profissão work travail "
    "trabajo trabalho kazi asa police policía polícia polisi ministry ministère ministerio "
    "ministério wizara ministera niasana niasany خبرة الخدمة عمل "
    # "13 years as a volunteer", "12 ans à la tête du comité"
    "volunteer volontaire bénévole benevole voluntario voluntaria voluntário mjitolea tête",
    # "12 years in office", "12 ans en poste", "14 anos no cargo", "12 años en el cargo"
    "office poste cargo",
    # a priest's or a nun's years: "Père Jean 12 ans de sacerdoce", "12 years of priesthood"
    "sacerdoce sacerdocio sacerdócio priesthood ministry ordination ordenación ordenação",
    # "14 years with the organisation", "miaka 12 kazini" (at work), "١٢ سنة في الخدمة"
    "company entreprise empresa kampuni kazini",
)
# The career words that name work anywhere, a child's too: after them, "domestic" or an
# employer who is a person ("kazini kwa tajiri", "en la empresa de su tío", "work for a
# farmer") make the years a child's age at work, not a staff member's career.
WORKPLACES = _words(
    "work travail trabajo trabalho kazi kazini asa company entreprise empresa kampuni"
)
DOMESTIC = _words(
    "domestic domestique domestiques doméstico doméstica domésticos domésticas ménager "
    "ménagère ménagers ménagères ndani nyumbani an-trano lakay"
)
# Where children are put to work: after a word of work, or "working at", the years or the bare
# number before it are a child's age ("Juma miaka 10 kazini mgodini", "Kevin 14 working at the
# quarry"; not "in the field", which staff say of fieldwork).
CHILD_WORKPLACES = _words(
    "quarry quarries mine mines plantation plantations brickworks "
    "briqueterie "
    "cantera canteras mina minas plantación ladrillera pedreira pedreiras plantação olaria "
    "mgodini machimboni sokoni shambani migodini "
    "toeram-pitrandrahana"
)
EMPLOYERS = _words(
    "employer employers boss master farmer trader shopkeeper "
    "patron patronne employeur maître maîtresse fermier commerçant commerçante "
    "patrón patrona jefe jefa empleador empleadora dueño dueña agricultor comerciante "
    "patrão patroa empregador empregadora dono dona fazendeiro "
    "tajiri mwajiri bosi mkulima mfanyabiashara mpanankarena mpampiasa "
    # relatives the lists of parents leave out: "kazini kwa mjomba wake" (for his uncle)
    "mjomba shangazi babu bibi mama baba dadaye kakaye"
)
# The organisation a staff member has worked for: a career's length after "at", "na", "katika"
# too ("14 years at the organisation", "14 anos na organização", "miaka 12 katika shirika").
ORGANISATION = _words(
    "organisation organization organisación organización organização ngo ong shirika "
    "fikambanana منظمة المنظمة"
)
CAREER |= ORGANISATION
CONJUNCTION = _words("and et y e na sy ary و")
PLACE_PREPOSITION = _words(
    "from in at to into near à au aux en dans vers près de desde em no na nos nas para hacia "
    "kutoka huko mjini katika kwa any avy amin'ny ao tao eto في من إلى الى بمدينة بقرية",
)
INSTITUTION = _words(
    "école ecole school escuela escola shule sekoly collège college lycée lycee église "
    "eglise church iglesia igreja hôpital hospital hospitali hopitaly rue street avenue "
    "calle rua village quartier commune centre center centro orphelinat orphanage fondation "
    "foundation fundación fundação association asociación associação ong ngo projet project "
    "proyecto projeto programme program programa hotel hôtel saint sainte st ste san santa "
    "são sao programme program programa programu project projet proyecto projeto unit unité "
    "unidad unidade council conseil consejo conselho baraza club clube committee comité "
    "comite kamati network réseau reseau red rede mtandao initiative iniciativa fund fonds "
    "fondo fundo mfuko coalition coalición coalizão forum alliance alianza aliança union "
    "office bureau department département departamento service servicio serviço agency "
    "agence agencia agência parliament parlement parlamento bunge day journée siku "
    "andro week semaine semana wiki campaign campagne campaña campanha kampeni policy "
    "politique política sera act loi ley lei sheria lalàna law code código convention "
    "convención convenção mkataba charter charte carta plan strategy stratégie estrategia "
    "estratégia mkakati village villages barrio bairro mtaa fokontany zone zona cité "
    "paroisse parroquia paróquia parish mosquée mosque mezquita mesquita msikiti fiangonana",
) | _arabic("مدرسة مستشفى جمعية مؤسسة مركز شارع حي قرية مدينة مسجد كنيسة")
# Streets among the institutions: "the street boy Junior" is still a child.
# Pupils: "élève de 6", "alumna de 5" give the class, not the age.
PUPILS = _words(
    "pupil student learner schoolgirl schoolboy élève écolier écolière étudiant étudiante "
    "collégien collégienne lycéen lycéenne alumno alumna estudiante aluno aluna estudante "
    "mwanafunzi mpianatra"
)
# Time words that make the school a time of day, not a name's owner: "After school Kevin, 12",
# "Après l'école Marie, 9 ans", "Depois da escola Ana", "Baada ya shule Amina".
TIME_BEFORE = _words(
    "after before après apres avant después despues antes depois baada kabla aorian alohan"
) | frozenset({norm("بعد"), norm("قبل")})
STREETS = _words("street streets rue rues calle calles rua ruas barabara lalana")
# A home address: a number next to one of these, in a sentence saying where a child lives
# ("the girl, 12, living at house 14, Jogoo Road", "qui habite au 23 rue Lamartine").
RESIDENCE = _words(
    "lives live living lived resides reside residing stays staying habite habitent vit vivent "
    "réside résident demeure demeurant vive viven vivía reside mora moram morava residente "
    "anaishi anayeishi wanaishi aliishi anakaa anayekaa wanaokaa monina mipetraka"
) | _arabic("يسكن تسكن يقيم تقيم تعيش يعيش تقطن يقطن")
HOME = _words(
    "house home plot flat apartment maison domicile parcelle casa domicilio residência "
    "nyumba trano lot"
) | _arabic("المنزل منزل بيت البيت منزلها منزله بيتها بيته")
ADDRESS_WORDS = (
    STREETS
    | HOME
    | _words("road avenue av boulevard bd route mtaa avenida jirón carrera travessa lot")
    | _arabic("شارع الشارع حي")
)
# A school, named in a text that identifies a child ("Uhuru Primary School", "école Lamartine"),
# and the words for its kind that go between the school word and its name.
SCHOOLS = _words(
    "school école ecole escuela escola colegio colégio collège college lycée lycee liceo "
    "shule sekoly epp ceg"
) | _arabic("مدرسة")
SCHOOL_KINDS = _words(
    "primary secondary high primaire secondaire publique privée privee nationale primaria "
    "secundaria básica basica pública publica privada estadual municipal msingi sekondari "
    "ambaratonga fototra"
)
# The quarter, plot or sector an address goes on with ("calle 12 #34, zona 1", "house 12, plot
# 7", "nyumba namba 12, mtaa wa Uhuru").
LOCALITY = _words(
    "zona zone sector secteur setor colonia barrio bairro quartier quarter plot lot parcelle "
    "estate mtaa kitongoji fokontany manzana lote block bloc bloque"
) | _arabic("حي قطاع")
# What a place is called by, as typed after a child's age in lower case: "girl 13 yrs, grace
# harbour, referred", "la niña de 12 años, villa maria" (a place, not a name).
PLACE_NOUNS = _words(
    "harbour harbor port bay beach hill hills heights park valley vale garden gardens market "
    "town city village falls springs point island creek ridge view lake river bridge junction "
    "corner camp mission farm slum settlement ward county district region province area rural "
    "urban suburb "
    "ville villa bourg baie plage colline mont morne marché ile île lac rivière riviere pont "
    "carrefour camp bidonville quartier arrondissement département departement région region "
    "ciudad pueblo puerto bahía bahia playa cerro loma colina valle mercado isla lago río rio "
    "puente cruce campamento asentamiento caserío caserio comunidad distrito provincia "
    "región sector anexo "
    "vila cidade porto baía praia morro colina vale ilha ponte favela comunidade distrito "
    "província provincia município municipio "
    "bandari ufukwe mlima kilima bonde soko kisiwa ziwa mto daraja kambi kijiji wilaya kaunti "
    "mkoa tarafa kata "
    "tanàna tanana seranana tsena nosy farihy renirano tetezana tendrombohitra faritra "
    "distrika kaominina"
) | _arabic("ميناء سوق جبل حي قرية مدينة مخيم")
# Family names common where the staff work, typed in lower case after a given name no list
# knows: "adolescente de 15 anos, yuri mamani", "girl 13 yrs, shiru wanjala".
SURNAMES = _words(
    # Andes, Latin America
    "mamani quispe condori huanca choque apaza ticona huaman huamán limachi ccori cusi "
    "chambi flores mendoza ramos gonzález gonzalez rodríguez rodriguez pérez perez lópez "
    "lopez garcía garcia martínez martinez sánchez sanchez ramírez ramirez torres vargas "
    "castillo gutiérrez gutierrez chávez chavez rojas morales ortiz herrera medina aguilar "
    "cruz reyes jiménez jimenez hernández hernandez díaz diaz romero álvarez alvarez",
    # Brazil, lusophone Africa
    "silva souza sousa oliveira ferreira pereira almeida carvalho gomes ribeiro barbosa "
    "cardoso nascimento araújo araujo machado mondlane macuácua macuacua cossa sitoe "
    "nhantumbo mabunda",
    # Haiti, West Africa
    "dorval joseph jean-baptiste jean-louis pierre-louis saint-fleur saint-louis louis-jeune "
    "diallo traoré traore coulibaly keïta keita konaté konate camara sow ndiaye diop fall "
    "ba cissé cisse touré toure sylla kanté kante ouédraogo ouedraogo sawadogo zongo",
    # East Africa
    "wanjala wafula barasa mutua ouma omondi owino kiprono kiprotich chege njoroge mwakyusa "
    "mushi massawe mollel lyimo kimaro mrema mwamba mbwambo nyirenda banda phiri "
    "kioko musyoka kilonzo mutiso nzioka mulwa muema makau kyalo mbithi",
)
ABBREVIATIONS = _words(
    "m mme mlle mr mrs ms dr st ste sr sra srta pr prof me bw bi atoa rtoa no n"
)

MONTHS_AND_DAYS = _words(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "lunes martes miércoles jueves viernes sábado domingo "
    "janeiro fevereiro março maio junho julho setembro outubro novembro dezembro "
    "segunda terça quarta quinta sexta "
    "januari februari machi aprili mei juni julai agosti septemba oktoba novemba desemba "
    "jumatatu jumanne jumatano alhamisi ijumaa jumamosi jumapili "
    "janoary febroary martsa aprily mey jona jolay aogositra septambra oktobra novambra "
    "desambra alatsinainy talata alarobia alakamisy zoma sabotsy alahady",
)
# Capitalised words that start a sentence or name a thing, never a person (beyond the lists
# above): articles, pronouns, common report words.
STOP = _words(
    # en
    "the a an this that these those we our they their he she his her it its i you in on at "
    "for with by from of and or but after before during today yesterday tomorrow also then "
    "there here when where while during session training workshop meeting report group "
    "participants teachers police ministry court justice all some many most each every",
    # fr
    "le la les un une des ce cet cette ces nous notre nos ils elles il elle son sa ses leur "
    "leurs je tu on en dans sur pour avec par de du au aux et ou mais après avant pendant "
    "aujourd'hui hier demain aussi puis là ici quand où lors séance formation atelier "
    "réunion rapport groupe participants participantes ministère tribunal justice tous "
    "toutes plusieurs chaque selon",
    # es
    "el la los las un una unos unas este esta estos estas nosotros nuestro nuestra ellos "
    "ellas él ella su sus en con por para de del al y o pero después antes durante hoy ayer "
    "mañana también luego allí aquí cuando donde sesión capacitación taller reunión informe "
    "grupo participantes ministerio todos todas cada según",
    # pt
    "o a os as um uma uns umas este esta estes estas nós nosso nossa eles elas ele ela seu "
    "sua seus suas em no na nos nas com por para de do da dos das ao e ou mas depois antes "
    "durante hoje ontem amanhã também então ali aqui quando onde sessão capacitação oficina "
    "reunião relatório grupo participantes ministério todos todas cada segundo",
    # sw
    "sisi wao yeye huyu hii hizi hao kwa katika na au lakini baada kabla wakati leo jana "
    "kesho pia kisha hapa pale mafunzo mkutano ripoti kikundi washiriki wizara mahakama "
    "wote kila",
    # mg
    "ny ireo izahay izy ireny ity io amin'ny tamin'ny ho an'ny sy na fa rehefa taorian'ny "
    "talohan'ny androany omaly rahampitso koa avy eo teo fiofanana fivoriana tatitra vondrona "
    "mpandray ministera fitsarana rehetra tsirairay",
    # words that open a sentence before a name ("Además Juanito de 7 años..."): not the name
    "besides finally moreover furthermore however later meanwhile afterwards next again still "
    "ensuite enfin également cependant pourtant finalement alors encore toutefois ainsi "
    "además asimismo entonces finalmente igualmente todavía aún incluso "
    "ainda além finalmente entretanto porém contudo igualmente inclusive assim "
    "aidha vilevile halafu hatimaye zaidi "
    "farany ankoatra nefa kanefa",
    # ar
    "في من إلى على عن مع هذا هذه ذلك تلك نحن هم هي هو الذي التي بعد قبل خلال اليوم أمس "
    "غدا أيضا ثم هنا هناك عندما حيث الدورة التدريب الورشة الاجتماع التقرير المجموعة "
    "المشاركين المشاركون الوزارة المحكمة جميع كل",
)

# ------------------------------------------------------------------- given names

# Common given names (and a few family names used as given names) in the organisation's
# countries: Haiti, francophone and lusophone Africa, the Sahel, East Africa, Madagascar, the
# Maghreb and the Middle East, Latin America, Canada. Malagasy names are also recognised by
# their shape (Ra-, Andria-, Razafi-).
GIVEN_NAMES = _words(
    # fr / Haiti / Canada
    "marie jean joseph anne pierre paul jacques louis michel rose nadège nadege wideline "
    "widline jacqueline fabiola guerline guerda mirlande mireille marlène marlene claudette "
    "nathalie sophie claire isabelle catherine christine françoise francoise jeanne "
    "madeleine élise elise julie camille léa lea chloé chloe emma manon sarah laura lucie "
    "ginette rosemie roseline rosemond esther ruth judith rachel rébecca rebecca naomie "
    "dieuna dieudonne dieudonné jonas jacob samuel daniel david moïse moise emmanuel "
    "emmanuella stéphane stephane stéphanie stephanie patrick richard robert roberto "
    "marc luc mathieu matthieu thomas nicolas antoine étienne etienne françois francois "
    "frantz fritz wilson wilner wesner jameson kervens kerline kettly mackenson "
    "djimy jimmy johnny junior ricardo réginald reginald ronald gérald gerald "
    "jean-baptiste jean-pierre jean-paul jean-claude jean-louis marie-claire marie-rose "
    "marie-ange marie-louise anne-marie lucien lucienne julien julienne fabienne adrienne "
    "vivienne évelyne evelyne yvette yvonne josette josiane ketly mercilia nelta "
    "alexandre olivier vincent philippe benoît benoit gabriel raphaël raphael "
    "ketsia kettia fedna kervenson djenny lovenska "
    # en
    "john james mary elizabeth william george charles edward henry peter michael "
    "sarah jessica jennifer emily hannah grace joy faith hope mercy blessing precious "
    "esther ruth rebecca naomi ann anna linda susan karen helen margaret alice jane",
    # es / pt / Latin America / lusophone Africa
    "maría maria josé jose juan carlos luis pedro miguel jorge manuel antonio francisco "
    "ana lucía lucia carmen rosa isabel elena sofía sofia valentina camila gabriela daniela "
    "fernanda mariana paula andrea laura natalia alejandro diego javier rafael fernando "
    "andrés andres pablo sergio ricardo eduardo guadalupe teresa margarita "
    "joão joao josé paulo antónio antonio francisco manuel pedro tiago thiago lucas mateus "
    "gabriel rafael bruno felipe gustavo marcos joana beatriz inês ines mariana catarina "
    "adriana juliana fernanda luana larissa letícia leticia aline amélia amelia ermelinda "
    "domingos celestino armando alberto augusto albertina fátima graça "
    "yamil brayan jhon jhonatan yuri wendy yesenia nayeli kauane kauã",
    # Sahel / West Africa
    "moussa mousa ibrahim ibrahima issa oumar omar ousmane amadou ahmadou boubacar "
    "abdoulaye abdou abdoul souleymane seydou hamidou hamadou adama mamadou modibo "
    "idrissa ismaël ismael ismaila salif sekou sékou bakary lamine cheikh aliou alioune "
    "abdoulaye mahamadou mahamane moctar moustapha mustapha youssouf yacouba tidjani "
    "aminata fatoumata fatou mariama mariam aïssata aissata aïcha aicha aïchatou awa "
    "hawa oumou ramatou ramata salamatou hadiza zeinabou zeynab zeinab halimatou rakia "
    "rahila balkissa safiatou kadidia kadiatou djénéba djeneba nafissatou rokia "
    "assétou assetou bintou binta khadija kadija mariétou aminatou habiba habsatou "
    "absatou hamsatou nana zara zahra",
    # East Africa (Swahili)
    "juma amina halima mwanaisha mwajuma zuhura rehema asha aisha fatuma saida "
    "zainabu mariamu hadija hamisi hamis salim salum said bakari rashidi rashid omari "
    "athumani ramadhani shabani selemani hassani hussein idd mussa musa yusufu issa "
    "daudi petro yohana yohane paulo elia anyango achieng akinyi wanjiru wanjiku njeri "
    "nyambura wambui atieno auma otieno odhiambo ochieng onyango kamau mwangi kariuki "
    "kipchoge chebet jepkemboi mwanajuma mwantumu subira tumaini neema baraka zawadi "
    "upendo furaha imani amani happiness lightness "
    # Kenya: given names and nicknames field staff type in lower case ("shiru 13 still out of
    # school"), and the English names given there
    "shiru nduta wairimu wangari muthoni njambi nyokabi wangui kemunto moraa kerubo nyaboke "
    "chepkoech jeptoo chelangat cherono kiprop kibet kipkemboi naliaka nekesa nafula akoth "
    "awino adhiambo apiyo kevin brian dennis collins victor eric allan felix sharon cynthia "
    "diana lilian winnie caroline "
    # Kenya (Kamba): "girl 12 yrs, mwende kioko"
    "mwende mueni ndinda mumbua kalekye nthenya syombua katunge mwikali kavata",
    # Madagascar
    "rakoto rabe rasoa ravelo rasolo rajaona randria rasoanirina rakotomalala "
    "razafindrabe andry hery fara lova nirina tiana faly mialy voahangy haingo tahina "
    "mamy hanitra rivo fanja njaka fetra tojo miora sitraka anjara onja koloina "
    "fenitra volana",
    # Maghreb, Middle East (transliterated)
    "mohamed mohammed muhammad mohammad ahmed ahmad mahmoud ali hassan hussein youssef "
    "yousef karim khalid khaled abdallah abdullah abdelkader rachid rashid hamza "
    "othmane yassine ayoub anas bilal tarek amine mehdi fatima fatma khadija zineb "
    "meryem mariam salma hiba nour imane yasmine sara samira leila layla laila houda "
    "nadia malika naima hanane sanaa asmae loubna ikram aya rania dounia",
) | _words(
    # Arabic script
    "محمد أحمد محمود مصطفى علي حسن حسين عمر عثمان إبراهيم إسماعيل يوسف يونس موسى عيسى "
    "خالد سعيد كريم عبدالله عبد الله عبدالرحمن عبدالقادر رشيد حمزة ياسين أيوب أنس بلال "
    "طارق أمين مهدي سليمان داود زكريا يحيى هشام هاني وليد سامي رامي فادي ماهر نبيل "
    "عادل جمال كمال فيصل طه صالح منصور ناصر بكر عبدو أبوبكر بوبكر آدم "
    "فاطمة فاطمه عائشة عائشه خديجة خديجه مريم زينب آمنة أمينة حليمة سلمى هبة ليلى ليلي "
    "سارة ساره نادية مليكة نعيمة حنان سناء أسماء لبنى إكرام آية رانيا دنيا سمية سميرة "
    "هدى رحمة رقية حفصة صفية كلثوم أم مروة نسرين ياسمين إيمان حياة جميلة زهرة صفاء "
    "رشيدة سعاد وفاء نجاة حواء أميرة بشرى شيماء ريم ريما جنى لين تسنيم "
    # given to the children met today (Levant, Egypt): "الطفلة ملك ١٣ سنة حامل"
    "ملك رهف شهد غنى تالا لمار ريتال جود منة حبيبة روان ندى داليا زياد مازن تيم كنان سيلا "
    "جوري لانا ليان رغد بتول مها هند دعاء أسيل آلاء إسراء نور أمل",
)
# Arabic words opening a clause before "her age" that are no name: "لما عمرها 12 سنة تزوجت" (when
# she was 12 she married), "اللي عمرها" (who is aged).
ARABIC_NOT_NAMES = _words(
    "لما عندما حين حينما بعدما منذ اللي التي الذي هي هو وهي وهو لكن بس كيف متى أين لأن لان "
    "كل بعض فقط تقريبا حوالي ولما وعندما",
    # what a report says has an age: "مشروع عمره 4 سنوات" (the project is 4 years old)
    "مشروع برنامج مبادرة شبكة حملة خطة دورة ورشة لجنة مجموعة فريق نادي منظمة مؤسسة جمعية "
    "مركز مدرسة روضة مستشفى عيادة مخيم خيمة بئر مبنى بيت منزل دار سوق مسجد كنيسة شراكة اتفاقية",
)
# Names that are also everyday words: recognised only when capitalised (Latin script) or, in
# uncased scripts, only right next to a child word or after "named".
COMMON_WORD_NAMES = _words(
    "rose grace joy faith hope mercy blessing precious pierre claire amani baraka neema "
    "imani zawadi upendo furaha tumaini subira fara lova nirina tiana faly mialy fanja "
    "anjara onja volana fetra tojo miora sitraka mamy rivo hery andry soa "
    "sara nana zara aya paula laura happiness lightness ali said issa musa",
) | _words(
    "عمر سعيد سعيدة كريم كريمة أمين أمينة آمنة جميلة زهرة حياة صفاء رحمة إيمان نور أمل حسن "
    "حسنة صالح عادل جمال كمال أم هادئة "
    # king, honey or witnessed, wealth or sang, generosity, dew, beloved, prayer, India, grace
    "ملك شهد غنى جود ندى حبيبة دعاء هند منة تيم مها"
)

# ------------------------------------------------------------------- numbers and ages

NUMBER_WORDS: dict[str, int] = {
    norm(word): value
    for value, words in enumerate(
        [
            "zero zéro cero sifuri sufuri aotra zeru صفر",
            "one un une uno una um uma moja mmoja iray iraika واحد واحدة إحدى",
            "two deux dos dois duas mbili miwili roa اثنان اثنين اثنتان اثنا اثنتا اثني اثنتي",
            "three trois tres três tatu mitatu telo ثلاث ثلاثة",
            "four quatre cuatro quatro nne minne efatra أربع أربعة",
            "five cinq cinco tano mitano dimy خمس خمسة",
            "six seis meia sita enina ست ستة",
            "seven sept siete sete saba fito سبع سبعة",
            "eight huit ocho oito nane minane valo ثمان ثماني ثمانية",
            "nine neuf nueve nove tisa sivy تسع تسعة",
            "ten dix diez dez kumi folo عشر عشرة",
            "eleven onze once",
            "twelve douze doce",
            "thirteen treize trece treze",
            "fourteen quatorze catorce catorze",
            "fifteen quinze",
            "sixteen seize dieciséis dieciseis dezesseis dezasseis",
            "seventeen dix-sept diecisiete dezessete dezassete",
            "eighteen dix-huit dieciocho dezoito",
            "nineteen dix-neuf diecinueve dezenove dezanove",
        ]
    )
    for word in words.split()
} | {
    norm(word): value
    for value, words in [
        (20, "twenty vingt vingts veinte vinte ishirini roapolo عشرون عشرين"),
        (30, "thirty trente treinta trinta thelathini telopolo ثلاثون ثلاثين"),
        (40, "forty quarante cuarenta quarenta arobaini efapolo أربعون أربعين"),
        (50, "fifty cinquante cincuenta cinquenta hamsini dimampolo خمسون خمسين"),
        (60, "sixty soixante sesenta sessenta sitini enimpolo ستون ستين"),
        (70, "seventy septante setenta sabini fitopolo سبعون سبعين"),
        (80, "eighty octante huitante ochenta oitenta themanini valopolo ثمانون ثمانين"),
        (90, "ninety nonante noventa tisini sivifolo تسعون تسعين"),
    ]
    for word in words.split()
}
# Words joining the parts of one number: "vingt et un", "treinta y dos", "kumi na mbili",
# "roa ambin'ny folo", "اثنا عشر".
NUMBER_JOINERS = _words("et y e na and sy amby ambin'ny و")

AGE_UNIT = _words(
    "an ans year years yr yrs yo year-old years-old año años anos ano añitos anitos aninhos "
    "taona mois month "
    "months meses mwezi miezi volana",
) | _words("سنة سنه سنوات سنين عاما عام أعوام شهر شهرا أشهر شهور")  # "سنه": typed without the dots
# Words before the number: "age 9", "aged 9", "miaka 12", "عمرها 12".
AGE_BEFORE = _words(
    "age aged âge edad idade miaka mwaka miezi mwezi umri taona عمرها عمره العمر",
)
# A school class next to a name makes it a pupil's: "Kelvin Mutua (class 7)", "jenny mwangi
# (P5)", "Océane Lefèvre (3e B)", "Halima Said, darasa la saba".
SCHOOL_CLASS = _words(
    "class grade standard std form classe grado grau série serie ano darasa kidato kilasy"
) | _arabic("الصف")
# School subjects, named with a class as pupils are ("Mathematics (grade 5) and English (grade
# 6) were reviewed"): never a name.
SCHOOL_SUBJECTS = _words(
    "mathematics maths math english science sciences history geography biology chemistry "
    "physics kiswahili swahili french arabic mathématiques mathematiques français anglais "
    "histoire géographie matemáticas matematicas lenguaje inglés ingles historia ciencias "
    "matemática português portugues inglês história ciências hisabati kiingereza sayansi "
    "matematika frantsay"
)
# Arabic classes are ordinals: "الصف الرابع" (the fourth class).
ARABIC_ORDINALS = _words(
    "الأول الاول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر "
    "أول ثاني ثالث رابع خامس سادس سابع ثامن تاسع عاشر"
)
# Written with its number, no space: "CM2", "P5", "S2", "F3", "Std7".
SCHOOL_CLASS_CODES = _words("cp ce cm p s f std t")
ORDINAL_SUFFIXES = _words("e è ème eme er ère re th st nd rd ª º o a ro do to mo vo no")  # "5to"
BORN = _words(
    "born née né nee ne nacido nacida nascido nascida alizaliwa teraka nateraka "
    "ولد ولدت مولود مولودة",
)

# ------------------------------------------------------------------- contact and documents

PHONE_CUES = _words(
    "tel tél téléphone telephone phone mobile portable cell cellphone whatsapp call appeler "
    "appelez appelle joindre contact contacter numéro number número numero celular telefone "
    "teléfono telefono llamar ligar simu namba nambari piga finday laharana antsoy "
    "هاتف جوال رقم اتصل واتساب الهاتف",
)
SOCIAL_WORDS = _words(
    "facebook fb instagram insta ig tiktok twitter snapchat snap telegram whatsapp youtube "
    "linkedin threads profil profile perfil compte account cuenta conta akaunti kaonty "
    "فيسبوك فايسبوك انستغرام إنستغرام تيك تويتر سناب حساب",
)

DOCUMENT_CUES = _phrases(
    # passports
    "passport | passeport | pasaporte | passaporte | pasipoti | pasipaoro | جواز | جواز سفر | "
    "جواز السفر",
    # birth certificates
    "| birth certificate | birth cert | acte de naissance | extrait de naissance | "
    "certificat de naissance | jugement supplétif | partida de nacimiento | acta de nacimiento | "
    "certificado de nacimiento | certidão de nascimento | registo de nascimento | "
    "registro de nascimento | cheti cha kuzaliwa | kopia nahaterahana | sora-pahaterahana | "
    "fanamarinana nahaterahana | soratra nahaterahana | شهادة الميلاد | شهادة ميلاد | "
    "عقد الازدياد | رسم الولادة",
    # case files
    "| case | case file | file | dossier | expediente | processo | proceso | kesi | jalada | "
    "faili | raharaha | ملف | القضية | قضية | الملف",
    # identity and registration numbers
    "| id | identity card | id card | carte d'identité | cin | cni | nin | ninu | nif | cédula | "
    "dni | curp | bilhete de identidade | bi | cpf | rg | kitambulisho | karapanondro | "
    "kara-panondro | بطاقة التعريف | البطاقة الوطنية | الهوية | بطاقة الهوية | matricule | "
    "registration | matrícula | usajili | student id | numéro d'élève",
)

# ------------------------------------------------------------------- small sets the rules use

# What belongs to children, named before them in a heading: "Parents des élèves absents :",
# "Mothers of the girls enrolled:", "Schools of the pupils trained:" (the names listed after it
# are not the children's).
OWNERS_OF_CHILDREN = _words(
    "parents mothers fathers guardians caregivers families schools homes teachers "
    "parents mères pères tuteurs tutrices familles écoles enseignants "
    "padres madres tutores familias escuelas maestros "
    "pais mães responsáveis famílias escolas professores "
    "wazazi walezi mama akina familia shule walimu "
    "ray reny aman-dreny fianakaviana sekoly mpampianatra"
) | _arabic("أولياء آباء أمهات أسر مدارس معلمي")
# Before a role after a name: "Mary Wanjiru, their teacher", "Kadiatou Bah, leur maîtresse".
POSSESSIVES = _words(
    "their his her our leur leurs son sa ses notre nos su sus nuestra nuestro seu sua seus "
    "suas nosso nossa wao yao wake yake wetu yetu"
)
# Between two parts of one name: "Maria da Silva", "Fatima bint Ali".
# The first half of an Arabic compound name, whose second half has the article: "عبد الرحمن",
# "نور الهدى", "سيف الدين".
ARABIC_COMPOUND_HEADS = _arabic(
    "عبد نور سيف شمس بدر علاء صلاح جمال عز عماد نصر زين تاج نجم حسام فخر محيي بهاء ضياء "
    "شهاب سعد خير كمال"
)
NAME_PARTICLES = _words("de da dos das del bin ben ibn bint ould el al van von بن بنت ابن")
# Between a child word and what it belongs to: "droits de l'enfant", "haki za mtoto".
CHILD_LINKS = ROLE_TAIL | _words("za ya cha wa ny an'ny of the des de l la du")
# "hospital for children", "hôpital pour enfants", "hogar para niñas", "kituo kwa watoto"
FOR_WORDS = _words("for pour para kwa ho")
# Places named for the children they serve, besides INSTITUTION's: "Jardin d'enfants Les
# Petits Anges", "Foyer pour enfants Saint-Joseph", "Hogar de niñas". Read only before a child
# word: as words after a name they are surnames ("Paul Jardin", "María Casa"), not places.
CHILD_INSTITUTION = _words(
    "jardin kindergarten garderie crèche creche foyer home hogar lar nyumba maison casa"
)
# An age range: "10 to 14 years", "de 10 à 14 ans", "miaka 8 hadi 12".
RANGE_WORDS = _words("to - – à a au et and y e hasta até ate hadi ka hatramin'ny sy na إلى الى و")
# "between 10 and 14": "and" joins the ends of a range only after one of these ("Kevin and
# Brian, 12 and 13" are two ages).
BETWEEN = _words("between entre kati anelanelan'ny بين")
# After an age, these make it no one's age: "12 years ago", "12 ans en moyenne" (a group's).
NOT_AN_AGE_AFTER = _words(
    "ago moyenne average promedio média media wastani antonony متوسط المتوسط معدل",
)
# Lengths of time after a number: "faltou à escola 2 semanas" (missed school for two weeks).
TIME_UNITS = _words(
    "day days jour jours día días dia dias siku andro week weeks semaine semaines semana "
    "semanas wiki herinandro month months mois mes meses mwezi miezi volana year years an ans "
    "année années año años ano anos mwaka miaka taona hour hours heure heures hora horas "
    "minutes minutos dakika minitra يوم أيام يوما أسبوع أسابيع أسبوعين شهر أشهر سنة سنوات",
)
MONTH_UNITS = _words("mois month months meses mwezi miezi volana شهر شهرا أشهر شهور")
# "n°", "number", "رقم" before a document's number.
NUMBER_MARKERS = _words("n no nº num numéro numero number número nr namba nambari laharana رقم")
