"""The Dutch words attribution needs, and the chunking of names out of running text.

Word lists, not a model: reporting verbs (separable ones too: `licht toe`, `legt uit`), the nouns
for roles, organisations and outlets, the capitalised words that open sentences but are never
names, and common first names by gender (for `hij` and `ze`). They describe Dutch news in
general, not any one article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from briefing.nlp import namebook


def words(text: str) -> list[str]:
    """A word list written as text, one or more words a line."""
    return text.split()


# --- reporting verbs -----------------------------------------------------------------------------

# Finite forms and participles of verbs that report speech or writing.
_SPEECH_VERBS = words("""
zegt zei zeiden zeggen gezegd zeg aldus schrijft schreef schreven geschreven meldt meldde meldden
gemeld verklaart verklaarde verklaarden verklaard stelt stelde stelden gesteld vertelt vertelde
vertelden verteld benadrukt benadrukte benadrukten waarschuwt waarschuwde waarschuwden gewaarschuwd
belooft beloofde beloofd antwoordt antwoordde antwoordden reageert reageerde reageerden erkent erkende
ontkent ontkende twittert twitterde tweet tweette tweetten getwitterd appt appte appten mailt mailde
schreeuwt schreeuwde concludeert concludeerde concludeerden beweert beweerde vraagt vroeg vroegen
roept riep noemt noemde spreekt sprak citeert citeerde onderstreept onderstreepte herhaalt herhaalde
verzekert verzekerde bevestigt bevestigde typeert typeerde omschrijft omschreef beschrijft beschreef
vervolgt vervolgde verduidelijkt verduidelijkte denkt dacht vindt vond meent meende zucht zuchtte
verzucht verzuchtte lacht lachte grapt grapte klaagt klaagde jubelt jubelde constateert constateerde
betoogt betoogde pleit pleitte oordeelt oordeelde voorspelt voorspelde bezweert bezwoer verdedigt
weerspreekt weersprak weerlegt weerlegde tegenspreekt tegensprak preciseert preciseerde nuanceert
nuanceerde relativeert relativeerde beklemtoont beklemtoonde fluistert fluisterde protesteert
protesteerde schetst schetste redeneert redeneerde verklapt verklapte
verdedigde opperde oppert stelt erkende hoopt hoopte vreest vreesde besluit besloot beaamt beaamde
verwijt verweet verweten genoemd geantwoord sneert sneerde countert counterde mompelt mompelde
moppert mopperde schrijven melden vertellen verwacht verwachtte verwachtten
""")
# Separable verbs: the finite part, then (later in the clause) the particle.
_SEPARABLE = {
    "toe": "licht lichtte lichtten voegt voegde geeft gaf zegde zegden",
    "terug": "kaatst kaatste kaatsten",
    "voor": "rekent rekende",
    "uit": "legt legde legden",
    "aan": "kondigt kondigde geeft gaf vult vulde",
    "op": "merkt merkte",
    "weten": "laat liet lieten laten",
    "zeker": "weet wist",
    "vast": "stelt stelde",
    "mee": "deelt deelde",
    "erop": "wijst wees",
}
SPEECH_VERBS = frozenset(_SPEECH_VERBS)
_SEPARABLE_PARTS = {finite: particle for particle, finites in _SEPARABLE.items() for finite in finites.split()}
_VERB_WORDS = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_PARTICLE_WORDS = "|".join(sorted(set(_SEPARABLE)))
_SEPARABLE_WORDS = "|".join(sorted(_SEPARABLE_PARTS, key=len, reverse=True))
# A reporting verb; a separable one only where its particle follows in the same clause.
VERB = re.compile(
    rf"(?<![\w-])(?:(?:{_VERB_WORDS})|(?:{_SEPARABLE_WORDS})(?=[^.!?:;]*?\s(?:{_PARTICLE_WORDS})\b))(?![\w-])",
    re.IGNORECASE,
)

# --- nouns ---------------------------------------------------------------------------------------

# What people are. A capitalised one opens a sentence (`Minister Wolters:`) or is a compound
# (`Oppositieleider`, `Buitenlandminister`): a role, never a name.
ROLE_NOUNS = words("""
minister premier president leider voorzitter woordvoerder woordvoerster chef correspondent directeur
directrice hoogleraar ambassadeur commissaris burgemeester secretaris generaal kanselier deskundige
expert analist onderzoeker onderzoekster wethouder gouverneur senator koning koningin paus dictator
topman topvrouw bestuurder advocaat advocate officier rechter journalist verslaggever politicus
staatssecretaris kamerlid opperbevelhebber commandant medewerker medewerkster zegsman zegsvrouw bron
functionaris diplomaat econoom viroloog arts lid rapper zanger zangeres acteur actrice schrijver
schrijfster auteur coach trainer speler speelster manager gedeputeerde aanvoerder uitgever uitgeefster
eigenaar eigenaresse bewoner bewoonster moeder vader zoon dochter buurman buurvrouw historicus
kunsthistoricus conservator schipper veerschipper boer boerin agent agente inspecteur rechercheur
fractievoorzitter raadslid bewindsvrouw bewindsman bewindspersoon ondernemer oprichter oprichtster
hoofd docent docente leraar lerares juf meester student studente leerling vrijwilliger vrijwilligster
organisator organisatrice initiatiefnemer dominee pastoor predikant bisschop voorzitster ceo cfo
topambtenaar ambtenaar projectleider teamleider wetenschapper specialist chirurg verpleegkundige
huisarts psychiater psycholoog directie bestuursvoorzitter penningmeester adviseur adviseuse
campagneleider minister-president kandidaat verdachte slachtoffer getuige klant chauffeur piloot
parlementariër europarlementariër statisticus criminoloog socioloog politicoloog bioloog ecoloog
epidemioloog klimatoloog demograaf geograaf hoofddirecteur
keepster aanvoerster trainster broer zuster echtgenoot echtgenote kleinzoon kleindochter schoonzoon
schoondochter
kapitein militair soldaat sergeant luitenant majoor kolonel bondscoach keeper spits middenvelder
verdediger wielrenner schaatser atleet atlete kampioen kampioene winnaar winnares vader pianist
violist dirigent kunstenaar kunstenares fotograaf regisseur presentator presentatrice columnist
""")
_ROLE_ALT = "|".join(sorted(set(ROLE_NOUNS), key=len, reverse=True))
ROLE_NOUN = re.compile(rf"(?:{_ROLE_ALT})$", re.IGNORECASE)
FEMALE_ROLES = re.compile(
    r"(?:ster|vrouw|trice|esse|ares|euse|ices|koningin|moeder|dochter|zus|zuster|echtgenote|oma|tante|nicht|zangeres|actrice|juf|agente|"
    r"advocate|docente|studente|lerares|boerin|atlete|kampioene|winnares|bewindsvrouw|mevrouw|weduwe)$",
    re.IGNORECASE,
)
# Roles only men have: `haar broer Tomasz`, `zegsman`.
MALE_ROLES = re.compile(r"(?:broer|zoon|vader|echtgenoot|opa|oom|neef|topman|zegsman|bewindsman|koning|prins|heer)$", re.IGNORECASE)
# What bodies are: `de politie`, `het ministerie van Defensie`, `de gemeente Utrecht`.
ORGANISATION_NOUNS = frozenset(
    words("""
    bakkerij winkel supermarkt fabriek restaurant café hotel brouwerij boerderij kwekerij garage
    firma uitgeverij theater bibliotheek dorpshuis zorgbureau groothandel zorginstelling
    politie brandweer gemeente provincie ministerie kabinet regering justitie om rechtbank hof
    raad bond vakbond club vereniging stichting ziekenhuis school universiteit bedrijf onderneming
    organisatie partij fractie bank waterschap rijkswaterstaat marechaussee defensie omroep museum
    corporatie woningcorporatie directie bestuur college kerk federatie commissie inspectie
    autoriteit dienst rijksoverheid overheid leger marine krijgsmacht kamer tweede eerste unie
    """)
)
MEDIA_WORDS = (
    "krant|dagblad|weekblad|persbureau|persagentschap|nieuwsagentschap|staatsagentschap|agentschap|"
    "zender|omroep|tijdschrift|nieuwssite|website|blad|tv-zender|nieuwsdienst"
)

# --- function words ------------------------------------------------------------------------------

ARTICLES = frozenset({"de", "het", "een", "des", "der", "'t"})
PREPOSITIONS = frozenset(
    {"van", "in", "aan", "bij", "uit", "voor", "op", "met", "naar", "over", "tegen", "door", "tot", "om", "tijdens", "na", "sinds", "onder", "zonder",
     "tegenover", "namens", "via"}
)
ADVERBS = frozenset(
    {"er", "toen", "ook", "nu", "al", "daarop", "eerder", "nog", "echter", "wel", "dan", "zelf", "zo", "daarbij",
     "vandaag", "gisteren", "later", "eens", "namelijk", "tenslotte", "ten", "slotte", "verder", "daarna", "maar"}
)
MALE_PRONOUNS = frozenset({"hij"})
FEMALE_PRONOUNS = frozenset({"ze", "zij"})
PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS
# `’t` inside a name (`Jan Bos ’t Hoen`, `Van ’t Hek`), with either apostrophe.
TINY_PARTICLES = frozenset({"'t", "’t", "‘t"})
PARTICLES = frozenset({"van", "de", "der", "den", "von", "ter", "ten", "bin", "al", "el", "le", "la", "du", "da", "dos"}) | TINY_PARTICLES
CAPITAL_PARTICLES = frozenset({"De", "Van", "Der", "Den", "Ter", "Ten", "Von", "Le", "La", "Du", "Op", "In"})
# Titles between a role and a name: `officier van justitie mr. Ellen Verbeek`.
FORMS_OF_ADDRESS = frozenset({"meneer", "mevrouw", "heer", "dhr", "mevr", "mw"})  # `meneer K.`: a person
TITLES = frozenset({"mr", "drs", "dr", "prof", "ir", "ing", "ds", "mgr", "dhr", "mevr", "mevrouw", "meneer", "de heer"})
# Capitalised words that are not names: sentence openers, pronouns, function words, weekdays,
# months, number words, interjections.
NOT_NAME = frozenset(
    words("""
    De Het Een Dat Die Deze Dit Ook Volgens In Op Om Aan Bij Met Van Voor Na Naar Over Tijdens
    Sinds Toen Daar Daarin Daarna Daarom Daarnaast Bovendien Hij Zij Ze Wij We Ik Jij Je U Zo Zoals
    Eerder Later Afgelopen Eind Begin Vorig Vorige Vermoedelijk Als Maar En Of Want Wel Niet
    Nog Al Toch Waar Wat Wie Hoe Welke Er Hier Nu Dan Alleen Onder Uit Tot Door Tegen Zonder
    Eerst Vandaag Gisteren Morgen Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag
    Sindsdien Vooral Intussen Inmiddels Tevens Echter Misschien Mogelijk Waarschijnlijk Ondanks
    Januari Februari Maart April Mei Juni Juli Augustus September Oktober November December
    Wanneer Nadat Omdat Terwijl Hoewel Zodra Tenzij Doordat Zowel Ondertussen Uiteindelijk Daardoor
    Dus Bijvoorbeeld Vervolgens Daarmee Hierdoor Hierbij Desondanks Kortom Gelukkig Helaas Volgend
    Volgende Dezelfde Alle Veel Vele Enkele Sommige Geen Niemand Iedereen Alles Niets Meer Minder
    Andere Elke Ieder Zijn Haar Hun Mijn Ons Onze Jullie Mevrouw Meneer Heer Dr Dhr Mevr Mr Drs
    Ja Nee Nou Oké Ok Hé He Tja Ach Och Zeker Natuurlijk Goed Prima Jazeker Dank Bedankt Sorry
    Twee Drie Vier Vijf Zes Zeven Acht Negen Tien Elf Twaalf Dertien Veertien Vijftien Twintig
    Dertig Veertig Vijftig Zestig Zeventig Tachtig Negentig Honderd Duizend Miljoen Half Halve
    Eén Geen Beide Iets Wie Waarom Waarmee Waarover Hoeveel Laat Kijk Let Stel Neem Ga Kom Zie
    Foto Lees Bekijk Luister Update Video Nieuws Column Interview Analyse Reactie Opinie
    Nederlanders Nederlandse Europese
    """)
)
# Daarover, Hiermee, Waarop, Erbij: pronominal adverbs, never names.
PRONOMINAL_ADVERB = re.compile(r"(?:Daar|Hier|Waar|Er)(?:aan|bij|door|in|mee|na|naast|om|onder|op|over|tegen|toe|uit|van|voor|achter|boven)")

# --- first names, for the gender of `hij` and `ze` -----------------------------------------------

FEMALE_NAMES = frozenset(
    words("""
    Anna Anne Annemarie Anneke Annelies Anouk Astrid Barbara Bea Bianca Carla Caroline Charlotte Claudia
    Corry Daphne Debora Dianne Diana Dorien Els Elske Ellen Elise Elisabeth Emma Esther Eva Evelien
    Fatma Femke Fleur Floor Francien Geertje Gerda Greet Hanneke Hannah Hanna Heleen Hilde Ilse Inge
    Ineke Ingrid Iris Irene Jacqueline Janneke Jantine Jeanette Jessica Joke Jolanda Josje Judith Julia
    Karin Kim Klaske Laura Lea Leontien Linda Lisa Lotte Louise Lucia Maaike Margriet Maria Marianne
    Marieke Marijke Marjolein Marleen Marloes Marta Martha Mathilde Meike Mirjam Monique Naima Nadia
    Nathalie Nicole Nienke Noor Nora Petra Pien Renate Rianne Rosa Roos Ruth Sandra Sanne Sara Sarah
    Sabine Saskia Sophie Sofie Suzanne Tamara Tineke Trudy Ursula Vera Wietske Wilma Willemijn Yvonne Yasmina
    Andrea Kirsty Jane Mary Sarah Emily Rachel Rebecca Susan Karen Kate Catherine Claire Helen Amy
    Megan Jennifer Melania Ivanka Nikki Dianne Risa Theresa Jacinda Angela Ursula Giorgia Marine
    Zoë Hilda Joyce Hedwig Kajsa Merel Lieke Fenna Marit Ester Helen Angela Hillary Theresa Kamala
    Nancy Elizabeth Dilan Sigrid Kajsa Kathleen Carola Miriam Ank Wendy Agnes Beatrix Máxima Amalia
    """)
)
MALE_NAMES = frozenset(
    words("""
    Aad Ahmed Albert Alexander Arend Arie Arjen Arjan Bart Bas Ben Bert Bram Cees Chris Christiaan Dennis
    Dick Dirk Ed Eric Erik Ernst Frank Frans Freek Geert Gerard Gerrit Gert Gijs Hans Harm Hendrik Henk
    Herman Hugo Jaap Jacob Jan Jasper Jelle Jeroen Jesse Job Johan Johannes John Joost Jorrit Joris Jos
    Kees Klaas Koen Lars Leo Luuk Maarten Marco Marcel Mark Martin Martijn Mees Michiel Niels Nico Olaf
    Paul Peter Piet Pieter Reinier Rik Rob Robert Roel Roelof Ron Ruud Rutger Sander Sebastiaan Sjoerd
    Stefan Sven Teun Thijs Thomas Tim Tom Ton Vincent Wiebe Willem Wim Wouter Youssef Mohammed Mark
    Donald Joe Vladimir Xi Emmanuel Olaf Boris Keir Rishi Benjamin Antony Jens Volodymyr Sergej Dmitri
    Mark Geert Frans Wopke Hugo Sigrid Ferdinand Menno Pim Rutger Daan Stijn Ruben Jeroen Kevin Mike
    Ali Omar Mustafa Hamid Karim Mehmet Kemal Yusuf Erdogan Recep Kim Alexei Sergei Xavier Pedro Luis
    Phil Jim James David Michael Richard Steven Steve George Charles Andrew Matthew Paul Brian Kevin
    Jack Harry Oliver William Henry Edward Anthony Tony Gordon Nigel Keith Ian Simon Greg Graham
    Lindsey Bernie Barack Bill Hugh Adam Ryan Justin Scott Gary Brett Jeff Jeffrey Dan Daniel Nick
    Tim Theo Kanye Elon Evo Roberto Eduardo Carlos Juan Jose Antonio Manuel Giorgio Marco Matteo
    """)
) - {"Kim"}
FEMALE_NAMES = FEMALE_NAMES - {"Kim"}  # Kim: Kim Jong-un as often as Kim de Vries
AMBIGUOUS_FIRST = frozenset({"Kim", "Lee", "Park", "Chris", "Sam", "Alex", "Robin", "Kris", "Toni", "Jean"})
FIRST_NAMES = FEMALE_NAMES | MALE_NAMES


@lru_cache(maxsize=4096)
def is_first_name(word: str) -> bool:
    """A first name: the hand list above (names in the news) or deduce's Dutch first names and
    gender_guesser's dictionary, less the Dutch words among them (`Men`, `Mei`)."""
    return word in FIRST_NAMES or (word not in NOT_NAME and namebook.is_first_name(word))


@lru_cache(maxsize=4096)
def is_word_not_name(word: str) -> bool:
    """A capitalised word that is a Dutch word and no name (`Loopt`, `Bredase`, `Beleid`,
    `Statisticus`, `Tegenover`, `Gebiedsontwikkeling`): common in Dutch text and on none of the
    name lists; or an adjective of a place (`Amsterdamse`, `Bredase`)."""
    if not word or not word[0].isupper() or word.isupper() or is_first_name(word) or "-" in word:
        return False  # a hyphenated word is a double surname (Bosch-Timmer) or a compound name
    if re.fullmatch(r"\w+se", word) and (namebook.is_place(word[:-2]) or namebook.is_place(word[:-3])):
        return True
    return namebook.is_dutch_word(word, 2.3)

# --- names ---------------------------------------------------------------------------------------

CAPITAL = r"[A-ZÀ-ÖØ-Þ]"
_WORD = re.compile(r"[\wÀ-ÖØ-öø-ÿ'’‘-]+")
# Demonym adjectives: Russische, Amerikaanse, Franse, Duitse, Chinese, Nederlandse (not every
# word in -se: Jesse, Louise, Rose are names).
DEMONYM = re.compile(r".*(?:aanse|ische|sche|isch|ese|ndse|tse|anse|ense|kse|dse|rse|ijnse|olse|aalse)")


class Name(NamedTuple):
    text: str
    start: int  # offsets in the text it was found in
    end: int


class TokenRule(NamedTuple):
    """A named test on one capitalised word: a shape of Dutch that is no name."""

    name: str
    test: Callable[[str], bool]


def _last_part(token: str) -> str:
    return token.split("-")[-1]


def _role_compound(token: str) -> bool:
    # Oppositieleider, Buitenlandminister, Kunsthistoricus: a role compound. Surnames in -man and
    # -er (Holterman, Kuiper) are not matched: man, vrouw and -er are no role nouns here; nor are
    # surnames that are no Dutch word (Kloosterboer, Wagemaker).
    return (
        "-" not in token and len(token) > 5 and ROLE_NOUN.search(token.lower()) is not None and token not in FIRST_NAMES
        and not (namebook.is_surname(token) and not namebook.is_dutch_word(token))
    )


# A capitalised word is a name token unless one of these holds (tried in order).
NOT_A_NAME_RULES: tuple[TokenRule, ...] = (
    TokenRule("no capital", lambda t: not re.match(CAPITAL, t)),
    TokenRule("function word or sentence opener", lambda t: t in NOT_NAME),  # Volgens, Daarna, Twee
    TokenRule("pronominal adverb", lambda t: PRONOMINAL_ADVERB.fullmatch(t) is not None),  # Daarover
    TokenRule("half of a compound", lambda t: t.endswith("-")),  # `Voedsel- en Warenautoriteit`
    # A dateline (STEENWIJK -), a shouted word; acronyms are short (KCNA, NAVO).
    TokenRule("dateline or shouted word", lambda t: t.isupper() and len(t) > 5),
    TokenRule("member of something", lambda t: re.search(r"['’]er$", t) is not None),  # CDA'er, ICT'er
    # Minister, Woordvoerder, Oppositieleider (but not Holterman: man is no role).
    TokenRule("role noun", lambda t: t not in FIRST_NAMES and ROLE_NOUN.fullmatch(_last_part(t)) is not None),
    # Pentagon-perschef, Rusland-correspondent.
    TokenRule(
        "compound role after a hyphen",
        lambda t: len(_last_part(t)) > 3 and ROLE_NOUN.search(_last_part(t)) is not None and not _last_part(t)[0].isupper(),
    ),
    # Oekraïne-oorlog.
    TokenRule("compound common noun", lambda t: "-" in t and _last_part(t).islower() and len(_last_part(t)) >= 5),
    TokenRule("role compound", _role_compound),
    TokenRule("demonym adjective", lambda t: DEMONYM.fullmatch(t) is not None and not _patronymic_surname(t)),  # Russische, Franse
)


def _patronymic_surname(token: str) -> bool:
    """`Pieterse`, `Janse`, `Hendrikse`, `Adriaanse`: a surname (deduce) of the shape of a demonym
    adjective (`Noorse`), but rare as a Dutch word; `Franse`, common as the adjective, is no name."""
    return namebook.is_surname_alone(token) and namebook.dutch_frequency(token) < 3.0


def is_name_token(token: str) -> bool:
    """Poetin, Jong-un, Holterman, Groot: yes. Pentagon-perschef, Minister, CDA'er, Russische: no."""
    return not any(rule.test(token) for rule in NOT_A_NAME_RULES)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        # Strip quote marks glued to a word, and a genitive: Hiemstra's → Hiemstra.
        while word and word[0] in "'’‘" and word.lower() not in TINY_PARTICLES:
            word, start = word[1:], start + 1
        genitive = re.search(r"['’]s$", word)
        if genitive:
            word, end = word[: genitive.start()], end - 2
        word = word.rstrip("'’‘")
        end = start + len(word)
        if word:
            out.append((word, start, end))
    return out


Tokens = list[tuple[str, int, int]]


class Step(NamedTuple):
    """Where the chunker goes on, and the name it found on the way (if any)."""

    next: int
    name: Name | None = None


class NameRule(NamedTuple):
    """A named shape of Dutch at token i: a Step where the rule applies, None where it does not."""

    name: str
    step: Callable[[str, Tokens, int], Step | None]


def _article_before_organisation(text: str, tokens: Tokens, i: int) -> Step | None:
    # `De Vereniging Akkerbouw`: the organisation's name starts after the article.
    word = tokens[i][0]
    if word in CAPITAL_PARTICLES and i + 1 < len(tokens) and tokens[i + 1][0].lower() in ORGANISATION_NOUNS:
        return Step(i + 1)
    return None


def _past_particles(tokens: Tokens, k: int, particle: Callable[[str], bool]) -> int:
    while k < len(tokens) and particle(tokens[k][0]):
        k += 1
    return k


def _surname_after_capital_particle(text: str, tokens: Tokens, i: int) -> Step | None:
    # `Van der Laan`, `De Vries`: a short form with its capital particle. `Ter Haar`, `De Heer`:
    # a surname that is also a capitalised function word. `De Amerikaan Phil Mickelson`: an article.
    if tokens[i][0] not in CAPITAL_PARTICLES:
        return None
    k = _past_particles(tokens, i + 1, lambda word: word.lower() in PARTICLES)
    after = tokens[k][0] if k < len(tokens) else ""
    surname = is_name_token(after) or (after[:1].isupper() and after in NOT_NAME and namebook.is_surname(after))
    if not (k < len(tokens) and surname and _joined(text, tokens, i, k)):
        return None
    end_k = _extend(text, tokens, k, allow_particles=False)
    if end_k != k:
        return Step(i + 1)
    return Step(end_k + 1, Name(text[tokens[i][1] : tokens[end_k][2]], tokens[i][1], tokens[end_k][2]))


def _no_name_here(text: str, tokens: Tokens, i: int) -> Step | None:
    return None if is_name_token(tokens[i][0]) or _is_initial(text, tokens, i) else Step(i + 1)


_LONGEST_CLUB_NAME = 4  # tokens before the role compound: `Go Ahead Eagles-coach`


def _club_before_role_compound(text: str, tokens: Tokens, i: int) -> Step | None:
    """`de Willem II-trainer`, `Go Ahead Eagles-coach Paul Simonis`: capital words that open a
    compound role (`II-trainer`) name the club, team or party of that role, never a person."""
    k = i
    while k < len(tokens) and k - i < _LONGEST_CLUB_NAME and is_name_token(tokens[k][0]):
        if k > i and text[tokens[k - 1][2] : tokens[k][1]] != " ":
            return None
        k += 1
    if k == i or k >= len(tokens) or text[tokens[k - 1][2] : tokens[k][1]] != " ":
        return None
    head, _, role = tokens[k][0].rpartition("-")
    return Step(k + 1) if head[:1].isupper() and ROLE_NOUN.fullmatch(role) is not None else None


def _role_before_first_name(text: str, tokens: Tokens, i: int) -> bool:
    # `Bakker Bart van Dijk`, `Hydroloog Sabine Groenewoud`: a capitalised role before a first
    # name; not a short family name first (`Ri Yong Ho`, `Park Geun-hye`).
    word = tokens[i][0]
    if i + 1 >= len(tokens) or is_first_name(word):
        return False
    following = tokens[i + 1][0]
    first_follows = following in FIRST_NAMES or (is_first_name(following) and (len(word) > 4 or is_word_not_name(word)))
    return first_follows and word.lower() not in ORGANISATION_NOUNS and _joined(text, tokens, i, i + 1) and not _first_then_surname(text, tokens, i)


def _first_then_surname(text: str, tokens: Tokens, i: int) -> bool:
    """`mr. Shurman Doran`: a word that is no Dutch word and no role, then a surname that ends the
    name (`Doran` is also a first name), is a first name and its surname, not a role."""
    word, following = tokens[i][0], tokens[i + 1][0]
    after = tokens[i + 2][0] if i + 2 < len(tokens) else ""
    name_goes_on = bool(after) and (is_name_token(after) or after in PARTICLES) and _joined(text, tokens, i + 1, i + 2)
    return not (name_goes_on or is_word_not_name(word) or ROLE_NOUN.search(word.lower())) and namebook.is_surname(following)


def _body_word(word: str) -> bool:
    return bool(re.match(CAPITAL, word)) and (is_word_not_name(word) or word.lower() in ORGANISATION_NOUNS or namebook.is_place(word))


def _body_before_first_name(text: str, tokens: Tokens, i: int) -> int:
    """`in Provinciale Staten Ymkje de Boer-Wiersma`: two or three capital words of a body (one
    of them a Dutch word, a place or an organisation noun; no role, no particle) run into a first
    name, then a particle and a surname; the index of that first name, or i."""
    k = i
    while k < len(tokens) and k - i < 3 and re.match(CAPITAL, tokens[k][0]) and not is_first_name(tokens[k][0]):
        k += 1
    if k - i < 2 or k + 2 >= len(tokens) or not is_first_name(tokens[k][0]) or not _joined(text, tokens, i, k + 2):
        return i
    body = [w for w, _, _ in tokens[i:k]]
    return k if _a_body(body) and tokens[k + 1][0] in PARTICLES and re.match(CAPITAL, tokens[k + 2][0]) else i


def _a_body(words: list[str]) -> bool:
    """Capital words that name a body: no particle first, no role, a Dutch word or place in them."""
    return words[0] not in CAPITAL_PARTICLES and not any(ROLE_NOUN.search(w.lower()) for w in words) and any(map(_body_word, words))


def _name_run(text: str, tokens: Tokens, i: int) -> Step:
    body_end = _body_before_first_name(text, tokens, i)
    if body_end > i:
        # The body's words are a name of their own; the person's name starts at the first name.
        return Step(body_end, Name(text[tokens[i][1] : tokens[body_end - 1][2]], tokens[i][1], tokens[body_end - 1][2]))
    if _role_before_first_name(text, tokens, i):
        i += 1  # the name starts at the first name
    j = _extend(text, tokens, i, allow_particles=True)
    if all(_is_initial(text, tokens, n) for n in range(i, j + 1)) and not (i > 0 and tokens[i - 1][0].lower() in FORMS_OF_ADDRESS):
        return Step(j + 1)  # initials alone (`A.`) are no name, but `meneer K.` is
    end = tokens[j][2] + (1 if _is_initial(text, tokens, j) else 0)  # Marcel D.
    return Step(j + 1, Name(text[tokens[i][1] : end], tokens[i][1], end))


# Tried in order at each token; the last always applies.
NAME_RULES: tuple[NameRule, ...] = (
    NameRule("article before an organisation", _article_before_organisation),
    NameRule("surname after a capital particle", _surname_after_capital_particle),
    NameRule("no name token", _no_name_here),
    NameRule("club before a role compound", _club_before_role_compound),
    NameRule("run of name tokens", _name_run),
)


def names(text: str) -> list[Name]:
    """Runs of name tokens: `Geert Groot Koerkamp`, `Jan van der Berg`, `Van der Laan` (a short
    form with its capital particle), `H.J. van Leeuwen` (initials). Particles belong to a name
    only straight after its first word (`Ahmed Bensaïd van de Havenbond` is a name and an
    affiliation)."""
    tokens = _tokens(text)
    found: list[Name] = []
    i = 0
    while i < len(tokens):
        step = next(s for rule in NAME_RULES if (s := rule.step(text, tokens, i)) is not None)
        if step.name is not None:
            found.append(step.name)
        i = step.next
    return found


def _is_initial(text: str, tokens: Tokens, n: int) -> bool:
    word, _, end = tokens[n]
    return len(word) == 1 and word.isupper() and text[end : end + 1] == "."


def _joined(text: str, tokens: Tokens, a: int, b: int) -> bool:
    """Only spaces (or an initial's full stop) between tokens a..b."""
    for n in range(a, b):
        gap = text[tokens[n][2] : tokens[n + 1][1]]
        if gap.strip() and not (gap.strip() == "." and _is_initial(text, tokens, n)):
            return False
    return True


class Reach(NamedTuple):
    """A name that ends at token j so far (`words` words long, initials aside); k is the token
    after any particles that follow it."""

    text: str
    tokens: Tokens
    j: int
    k: int
    words: int
    allow_particles: bool

    @property
    def particles(self) -> bool:
        return self.k > self.j + 1

    @property
    def at_initial(self) -> bool:
        return _is_initial(self.text, self.tokens, self.j)


def _first_names_then_particles(r: Reach) -> bool:
    # Particles follow a first name (`Jan van der Berg`), or a capitalised word and a first name
    # (`Tuinder Aafke ter Horst`, the role opening a sentence); `Jan Thijs van Hemmen`: particles
    # after first names only.
    tokens = r.tokens
    return (
        r.words == 1
        or (r.words == 2 and not is_first_name(tokens[r.j - 1][0]) and tokens[r.j + 1][0] != "van")
        or all(is_first_name(tokens[n][0]) for n in range(r.j - r.words + 1, r.j + 1))
    )


def _affiliation_follows(r: Reach) -> bool:
    # `Ahmed Bensaïd van de Havenbond`: a particle after a full name starts an affiliation;
    # `Jan Bos ’t Hoen`: `’t` inside a name is always part of a double surname.
    tiny = r.k == r.j + 2 and r.tokens[r.j + 1][0].lower() in TINY_PARTICLES
    return r.particles and not ((r.allow_particles and _first_names_then_particles(r)) or tiny or r.at_initial)


def _surname_after_particles(r: Reach) -> bool:
    # `Van der Meer`; not an acronym or a Dutch word: `Wiegel de VVD`, `Novak de Russische`,
    # `Fatma Yilmaz van de Rotterdamse`.
    if not (r.particles and r.k < len(r.tokens)):
        return False
    word = r.tokens[r.k][0]
    if re.match(CAPITAL, word) is None or (word.isupper() and len(word) > 1):
        return False
    # After a first name and capital particles (`Stijn Van den Bossche`) a capital word is the surname.
    # (Not an adjective before its noun: `Jan De Bredase hoogleraar`.)
    capital_particles = any(r.tokens[n][0] in NAME_CAPITAL_PARTICLES for n in range(r.j + 1, r.k))
    after = r.tokens[r.k + 1][0] if r.k + 1 < len(r.tokens) else ""
    noun_follows = after[:1].islower() and after not in PARTICLES
    return (capital_particles and not noun_follows) or (not DEMONYM.fullmatch(word) and not is_word_not_name(word))


def _particles_without_surname(r: Reach) -> bool:
    return r.particles and r.k < len(r.tokens) and not _surname_after_particles(r) and not r.at_initial


def _no_name_token_next(r: Reach) -> bool:
    # After a particle a role noun is a surname: Tjitske de Boer, Jan de Visser.
    if r.k >= len(r.tokens):
        return True
    word_goes_on = is_name_token(r.tokens[r.k][0]) or _surname_after_particles(r) or _is_initial(r.text, r.tokens, r.k)
    return not (word_goes_on and _joined(r.text, r.tokens, r.j, r.k))


class EndRule(NamedTuple):
    name: str
    ends: Callable[[Reach], bool]


# A name ends at token j where one of these holds.
NAME_END_RULES: tuple[EndRule, ...] = (
    EndRule("affiliation after a full name", _affiliation_follows),
    EndRule("particles without a surname after them", _particles_without_surname),
    EndRule("no name token next", _no_name_token_next),
)


# Belgian names write their particles with a capital after the first name: `Stijn Van den Bossche`,
# `Gert Van Damme`, `Els De Smedt`, `Marc Vanden Berghe`.
NAME_CAPITAL_PARTICLES = frozenset({"Van", "De", "Den", "Der", "Ter", "Ten", "Von", "Le", "La", "Du", "Vanden", "Vander"})


def _particle_after(word: str, words_in_name: int) -> Callable[[str], bool]:
    """What counts as a particle after this word of a name: capitals too right after a first name."""
    if words_in_name == 1 and is_first_name(word):
        return lambda w: w in PARTICLES or w in NAME_CAPITAL_PARTICLES
    return lambda w: w in PARTICLES


def _extend(text: str, tokens: Tokens, j: int, allow_particles: bool) -> int:
    """The last token of the name that starts (or goes on) at token j."""
    words_in_name = 1
    while j + 1 < len(tokens):
        k = _past_particles(tokens, j + 1, _particle_after(tokens[j][0], words_in_name))
        reach = Reach(text, tokens, j, k, words_in_name, allow_particles)
        if any(rule.ends(reach) for rule in NAME_END_RULES):
            break
        words_in_name += 0 if reach.at_initial else 1
        j = k
    return j


# Words that look like first names but tell no gender (built once, not per name).
_NO_GENDER_FIRST = NOT_NAME | AMBIGUOUS_FIRST


def _gender_on_hand_lists(name: str, role: str | None) -> str | None:
    first = name.split()[0] if name else ""
    return "f" if first in FEMALE_NAMES else "m" if first in MALE_NAMES else None


def _gender_in_name_book(name: str, role: str | None) -> str | None:
    # A first name alone (`mijn vriend Ramon`) has its gender too, where it is no Dutch word.
    words = name.split()
    first = words[0] if words else ""
    if first in _NO_GENDER_FIRST:
        return None
    alone_ok = len(words) == 1 and is_first_name(first) and not is_word_not_name(first) and not namebook.is_dutch_word(first)
    return namebook.gender(first) if len(words) > 1 or alone_ok else None


def _gender_of_role(role: str | None) -> str | None:
    words_in_role = (role or "").split()
    if words_in_role and FEMALE_ROLES.search(words_in_role[0]):
        return "f"  # woordvoerster, bewindsvrouw, moeder
    if words_in_role and MALE_ROLES.search(words_in_role[-1]):
        return "m"  # zegsman, haar broer
    return None


class GenderRule(NamedTuple):
    name: str
    gender: Callable[[str, str | None], str | None]


# Tried in order; the first that knows the gender gives it.
GENDER_RULES: tuple[GenderRule, ...] = (
    GenderRule("first name on the hand lists", _gender_on_hand_lists),  # Femke Smit, Mark Rutte
    GenderRule("first name in the name book", _gender_in_name_book),  # Ramon, Xander de Jong
    GenderRule("role of one gender", lambda name, role: _gender_of_role(role)),  # woordvoerster, zegsman
)


def gender_of(name: str, role: str | None = None) -> str | None:
    """'f', 'm' or None, from the first name or a role (woordvoerster, bewindsvrouw)."""
    return next((found for rule in GENDER_RULES if (found := rule.gender(name, role))), None)


INITIALS = re.compile(r"(?:[A-Z]\.)+")  # `H.J.`


def is_full_name(name: str) -> bool:
    """A name that opens with a first name of the name book (deduce, gender_guesser) or with
    initials, and goes on: `Anna van Dijk`, `H.J. de Vries`; not `Van Dijk`, `Provinciale Staten`."""
    words = name.split()
    return len(words) > 1 and (namebook.is_first_name(words[0]) or INITIALS.fullmatch(words[0]) is not None)


def surname_key(name: str) -> str:
    """`Anna van Dijk` and `Van Dijk` → `van dijk`; `Ingrid Groot Koerkamp` → `groot koerkamp`
    (its last capitalised words), `Bos-Lubbers` stays whole."""
    words = name.split()
    if len(words) <= 1:
        return name.lower()
    rest = words[1:]
    # Drop initials and the first name; keep particles and the surname words.
    rest = [w for w in rest if not INITIALS.fullmatch(w)]
    return " ".join(rest).lower()
