"""Whether a message is about another product or service rather than PaperOffice.

"¿Cómo hago una copia de seguridad de WhatsApp?" and "How do I turn off Windows Defender?"
read like the product's own how-tos (backups, antivirus) to an intent model trained on
those, and the knowledge base finds a backup or antivirus article for them. What tells
them apart is what they are about: they name someone else's product, device or service
and nothing of ours. Product how-tos that name Windows, an antivirus or Outlook ("what
should I exclude in Avast for PaperOffice?", "¿cómo importo los correos de Outlook?")
name our product, one of its features, or ask whether it works with the other product,
and stay ours.

The word lists are deliberately about kinds of things customers name (phones, office
suites, mail and streaming services, home appliances, antivirus brands, banks, airlines),
not about any test sentence. No list holds every product, so a question may also name one
the lists lack: a capitalised word that no knowledge-base article uses ("Apple ID", "Adobe
Scan"), unless it speaks of one of our features; both are read from the articles
(bot/scope_vocabulary.py). A statement is judged by what it opens with ("Word se me
cierra…"), since it names what the customer was doing as well as what failed.
"""

from __future__ import annotations

import re
from typing import Optional

from bot import scope_vocabulary
from bot.answers import is_question
from bot.names import read_person_name
from bot.text import ADDRESSES as _ADDRESSES, normalise, strip_accents


def _words(*alternatives: str) -> str:
    return "|".join(alternatives)


#: Antivirus brands (and Windows' own). One that blocks, deletes or quarantines "it" is the
#: subject of our antivirus article, so a statement opening with one is not judged by its opening.
_ANTIVIRUS = _words(
    r"avast", r"avg", r"norton", r"mcafee", r"kaspersky", r"bitdefender", r"eset", r"avira", r"malwarebytes",
    r"panda (?:antivirus|dome)", r"sophos", r"trend micro", r"windows defender", r"defender",
)
#: Named products and services of other companies. Infrastructure that PaperOffice runs on
#: and that level 4 covers (NAS, database servers, terminal servers, virtual machines) is
#: deliberately absent: a problem with it is ours to pass on.
_OTHER_PRODUCTS = _words(
    # office suites, mail, storage, messaging, social networks
    r"excel", r"microsoft word", r"ms word", r"(?:en|in|de|del|con|with|from|mi|my) word", r"word (?:document|file)s?",
    r"powerpoint", r"power point", r"onenote", r"outlook(?:\.com)?", r"hotmail", r"gmail", r"yahoo(?: mail)?",
    r"thunderbird", r"google (?:sheets|docs|drive|fotos|photos|calendar|calendario|maps|chrome|play)",
    r"hojas de calculo de google", r"onedrive", r"dropbox", r"icloud", r"microsoft teams", r"(?:en|in|on|de) teams", r"zoom (?:meeting|call)s?", r"reunion(?:es)? (?:de|por|en) zoom", r"(?:en|on|in) zoom", r"skype", r"slack",
    r"whatsapp", r"whats app", r"instagram", r"facebook", r"tiktok", r"twitter", r"linkedin", r"youtube",
    r"telegram web", r"signal app", r"notion", r"trello", r"canva", r"photoshop", r"lightroom",
    r"adobe (?:reader|acrobat|premiere)", r"acrobat reader", r"libreoffice", r"openoffice", r"pages app",
    r"notes app", r"app (?:de )?notas", r"chatgpt", r"wordpress", r"shopify", r"wix",
    # browsers and operating-system parts
    r"chrome", r"firefox", r"safari", r"microsoft edge", r"internet explorer", r"windows defender", r"defender",
    r"windows update", r"windows hello", r"cortana", r"bitlocker", r"time machine", r"macos", r"mac os",
    r"macbook", r"imac", r"ios", r"ipados", r"app store", r"play store", r"google play",
    # computer makers (the computer itself, not the program on it)
    r"lenovo", r"dell", r"acer", r"asus", r"toshiba", r"msi", r"microsoft surface", r"chromebook",
    _ANTIVIRUS,
    # phones, tablets, consoles, TV and home devices
    r"iphone", r"ipad", r"apple watch", r"airpods", r"android", r"samsung", r"galaxy", r"xiaomi", r"redmi",
    r"huawei", r"motorola", r"oppo", r"realme", r"google pixel", r"oneplus", r"nokia", r"kindle", r"alexa", r"echo dot",
    r"siri", r"google home", r"chromecast", r"fire ?tv", r"roku", r"apple tv", r"smart ?tv", r"xbox", r"playstation",
    r"ps[345]", r"nintendo", r"steam", r"fortnite", r"minecraft",
    # printers, appliances, cars and other brands of things at home
    r"canon", r"epson", r"hp (?:deskjet|laserjet|officejet|envy|printer)", r"impresora hp", r"lexmark",
    r"bosch", r"siemens", r"whirlpool", r"lg", r"sony", r"philips", r"dyson", r"roomba", r"tesla", r"toyota",
    r"renault", r"volkswagen", r"netgear", r"tp-?link", r"fritz ?box", r"linksys", r"asus router",
    # streaming, telecoms, shops, banks, travel, payments, public bodies
    r"netflix", r"spotify", r"disney ?\+?", r"disney plus", r"hbo(?: max)?", r"max app", r"prime video",
    r"amazon(?: prime)?", r"movistar\+?", r"vodafone", r"orange (?:espana|mobile|tv)", r"telmex", r"telcel", r"claro (?:hogar|movil|video)",
    r"jazztel", r"o2", r"at&t", r"verizon", r"t-mobile", r"apple music", r"audible", r"twitch", r"dazn",
    r"mercado ?pago", r"mercado ?libre", r"paypal", r"bizum", r"revolut", r"santander", r"bbva", r"caixabank",
    r"ing direct", r"mastercard", r"ebay", r"aliexpress", r"shein", r"zara", r"ikea", r"glovo", r"uber",
    r"cabify", r"airbnb", r"booking(?:\.com)?", r"iberia", r"ryanair", r"vueling", r"easyjet", r"renfe",
    r"lufthansa", r"quickbooks", r"sage (?:50|one|contaplus)", r"contaplus", r"holded", r"xero", r"freshbooks",
    r"factusol", r"contasol", r"a3 ?(?:con|eco|asesor|nom)\w*",
    # other document-management and OCR programs, and Windows' own scanning app
    r"docuware", r"m-?files", r"sharepoint", r"abbyy(?: finereader)?", r"finereader", r"readiris", r"fax y escaner",
    r"fax and scan", r"windows scan", r"microsoft lens", r"office lens", r"adobe scan", r"camscanner",
    r"genius scan", r"google lens",
    # office suites and accounts sold by subscription, directory services, note-taking apps
    r"microsoft 365", r"office 365", r"m365", r"microsoft office", r"google workspace", r"g suite",
    r"active directory", r"azure ad", r"entra id", r"evernote", r"google keep", r"apple notes",
    r"portal del sat", r"agencia tributaria", r"hacienda", r"seguridad social", r"irs", r"dgt",
    # Windows itself (its compatibility with PaperOffice is ours, below), Access, banks' apps
    r"windows(?! ?server| terminal)", r"microsoft access", r"(?:en|in) access", r"app (?:de[l]? )?(?:mi )?banco",
    r"bank(?:ing)? app", r"my bank", r"mi banco",
    # things at home: network, appliances, vehicles, entertainment, household bills, travel
    r"wi-?fi", r"router", r"modem", r"fibra optica", r"lavadora", r"washing machine", r"nevera", r"frigorifico",
    r"fridge", r"lavavajillas", r"dishwasher", r"microondas", r"microwave", r"horno", r"oven",
    r"aire acondicionado", r"air conditioner", r"caldera", r"boiler", r"coche", r"car", r"moto", r"bicicleta",
    r"televisor", r"television", r"tele", r"tv", r"consola", r"videoconsola", r"game console", r"auriculares",
    r"headphones", r"earbuds", r"smartwatch", r"reloj inteligente", r"factura de la luz", r"compania electrica",
    r"electricity (?:bill|provider|company)", r"gas bill", r"vuelos?", r"flights?", r"billete de \w+",
    r"(?:train|plane|bus) ticket",
)
_OTHER = re.compile(rf"\b(?:{_OTHER_PRODUCTS})\b")
#: Chores on one's own device: "restablecer el móvil de fábrica", "my phone won't charge".
_DEVICE = r"(?:movil|celular|telefono|smartphone|phone|tablet|portatil|laptop|ordenador|pc|computadora|computer)"
_CHORE = (r"(?:de fabrica|factory|tono de llamada|ringtone|fondo de pantalla|wallpaper|bateria|battery|no carga|"
          r"won'?t charge|pantalla rota|cracked screen|tarjeta sim|sim card|contactos|contacts|fotos|photos|"
          r"bluetooth|almacenamiento|storage|memoria llena|full memory|se calienta|overheat\w*|ventilador|fan|"
          r"no enciende|won'?t turn on)")
_DEVICE_CHORE = re.compile(rf"\b{_DEVICE}\b.*\b{_CHORE}|\b{_CHORE}\b.*\b{_DEVICE}\b")
#: Scanning with the phone or laptop is what the product's mobile app and scanner support do.
_SCANNING = re.compile(r"\b(?:escane\w*|scan\w*|digitaliz\w*|digiti[sz]\w*)")


#: Our own apps for phones: "¿tenéis app para Android?", "is there an iPhone app?".
_OUR_APP = re.compile(r"\b(?:app|apps|aplicacion)\b.{0,12}\b(?:android|iphone|ios|ipad|movil|mobile|phone)\b"
                      r"|\b(?:android|iphone|ios|ipad)\b.{0,6}\b(?:app|apps|aplicacion)\b")


#: Phones, computers and printers: scanning with one is what our mobile app and scanner
#: support do ("¿cómo escaneo con mi iPhone?", "scan from my Canon"); scanning with another
#: company's app is not ("with the Notes app on my iPhone", "con Adobe Scan").
_SCAN_DEVICES = re.compile(r"\b(?:" + _words(
    r"iphone", r"ipad", r"android", r"ios", r"samsung", r"galaxy", r"xiaomi", r"redmi", r"huawei", r"motorola",
    r"oppo", r"realme", r"google pixel", r"oneplus", r"nokia", r"lenovo", r"dell", r"acer", r"asus", r"toshiba",
    r"msi", r"microsoft surface", r"chromebook", r"macbook", r"imac", r"mac", r"macos", r"mac os", r"windows",
    r"canon", r"epson", r"brother", r"hp (?:deskjet|laserjet|officejet|envy|printer)", r"impresora hp", r"lexmark",
    r"movil", r"celular", r"telefono", r"phone", r"tablet", r"portatil", r"laptop", r"ordenador", r"pc",
) + r")\b")


def _names_other(folded: str) -> bool:
    """A named product of another company, or a chore on one's own device; scanning with a
    phone or printer and our own phone apps are never another company's business."""
    if _OUR_APP.search(folded):
        return False
    if _SCANNING.search(folded):
        return bool(_OTHER.search(_SCAN_DEVICES.sub(" ", folded)))
    return bool(_OTHER.search(folded) or _DEVICE_CHORE.search(folded))

#: What names PaperOffice itself: the product, "the program", its own features.
_PRODUCT = re.compile(r"\b(?:" + _words(
    r"paper ?office", r"paperofice", r"(?:d?el|al|este|mi|tu|su|vuestro|nuestro) (?:programa|software)",
    r"(?:the|this|my|your|our) (?:program|software)", r"program files?", r"your app", r"vuestra app",
    r"la app (?:movil|del movil|de escaneo)", r"app (?:del )?movil", r"mobile app", r"aplicacion movil", r"ocr",
    r"datev", r"zugferd", r"xrechnung", r"impresora virtual", r"virtual printer", r"plan de archivo", r"filing plan",
    r"flujos? de aprobacion", r"approval workflows?", r"captura de facturas", r"invoice capture",
    r"reconocimiento de documentos", r"document recognition", r"archivo (?:de documentos|documental|digital)",
    r"document archive", r"the archive", r"my archive", r"our archive", r"al archivo", r"mi archivo",
    r"nuestro archivo", r"en el archivo",
) + r")\b")
#: What ties another product to PaperOffice: importing from it or exporting to it, running on
#: it, excluding the program in it ("¿funciona con Windows 11?", "which folders do I exclude
#: in Avast?"), and the infrastructure level 4 covers. Not enough on its own to make a
#: message ours ("what are the requirements for a visa?").
_LINKS = re.compile(r"\b(?:" + _words(
    r"complementos?", r"add-?ins?", r"plug-?ins?", r"licenci\w*", r"licen[cs]e\w*", r"servidor\w*", r"servers?",
    r"terminal server", r"remote desktop", r"escritorio remoto", r"version de windows", r"windows version",
    r"escaner", r"scanner", r"twain", r"wia", r"export\w*", r"import\w*", r"archivar\w*",
    r"archiv[ao] (?:las|los|el|la|mis|tus|sus|todos|todas|un|una)", r"archiv(?:e|es|ed|ing)", r"sincroniz\w*", r"sync\w*",
    r"integra\w*", r"exclu\w*", r"excepcion\w*", r"whitelist\w*", r"lista blanca", r"cuarentena", r"quarantin\w*",
    r"bloquea\w*(?: el| la)? (?:programa|instalacion|aplicacion)", r"block\w* (?:the |my )?(?:program|installation|install)",
    r"compatible", r"compatibilidad", r"compatibility", r"requisitos", r"requirements", r"funciona (?:en|con|bajo)",
    r"work(?:s)? (?:on|with)", r"run(?:s)? on", r"corre en", r"soporta", r"supported", r"admite",
    r"que version de", r"which version of", r"what version of", r"base de datos", r"database", r"bbdd",
    r"mysql", r"mariadb",
    # bringing something in is importing it: "how do I bring the Outlook attachments in?"
    # (not "into" another product: "bring my WhatsApp chats into my new iPhone" is theirs)
    r"br(?:ing|ings|inging|ought) (?:\w+ ){0,4}in(?!to)", r"pull(?:s|ing)? (?:\w+ ){0,4}in(?!to)",
) + r")\b")


#: Calendar words, capitalised in English in the middle of a sentence ("before Friday").
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december""".split())
#: A token as written: letters with an inner capital or a trailing "+" kept ("OneDrive", "Disney+").
_TOKEN = re.compile(r"[^\W\d_][\w'’+&-]*")


def unknown_names(text: Optional[str]) -> list[str]:
    """Capitalised words in the middle of a sentence that the knowledge base never uses:
    "How do I reset my Apple ID password?" -> ["Apple"]. Not a person's name the customer gives,
    an acronym in capitals (CIF, ERP, RDS), a day or month, or a word with digits or a dot."""
    raw = normalise(text or "")
    person = set((read_person_name(raw) or "").split())
    vocabulary = scope_vocabulary.vocabulary()
    if not vocabulary.known_words:
        return []  # no articles to learn from: no name is "unknown"
    names = []
    for match in _TOKEN.finditer(_ADDRESSES.sub(" ", raw)):
        token = match.group(0).rstrip("'’-")
        before = raw[:match.start()].rstrip()
        if not token[:1].isupper() or not before or before[-1] in ".!?¿¡:;\n(\"" or token in person:
            continue
        letters = re.sub(r"[^A-Za-z]", "", strip_accents(token))
        if not letters or letters.isupper() or token.startswith(("I'", "I’")) or "." in token:
            continue
        word = strip_accents(token).lower().rstrip("+")
        if word in _CALENDAR or vocabulary.knows(word):
            continue
        names.append(token)
    return names


#: A company named as such, by its legal or trade suffix ("A3 Software", "Acme Systems", "Foo GmbH"):
#: whoever it is, it is not us. Read on the text as written: the name is capitalised.
_COMPANY = re.compile(r"\b(?!Paper ?[Oo]ffice\b)[A-Z0-9][\w&-]*(?: [A-Z0-9][\w&-]*)? "
                      r"(?:Software|Soft|Systems|Technologies|Solutions|Labs|Inc\.?|Corp\.?|GmbH|Ltd\.?|S\.?L\.?|S\.?A\.?)"
                      r"(?![\w.])")


def company_names(text: Optional[str]) -> list[str]:
    """Companies the customer names by their suffix, folded ("a3 software")."""
    return [fold(match.group(0)) for match in _COMPANY.finditer(_ADDRESSES.sub(" ", normalise(text or "")))]


def _names_unknown(text: Optional[str], folded: str) -> bool:
    """A question that names something the knowledge base does not know and none of our
    features. Statements are left out: they name people, companies and places too often
    ("somos una empresa de Portugal…", "a nombre de Rosa Delgado")."""
    names = unknown_names(text)
    if _SCANNING.search(folded):  # "¿cómo escaneo con mi impresora Brother?": a scanning device, ours
        names = [name for name in names if not _SCAN_DEVICES.search(fold(name))]
    if not is_question(text) or not names:
        return False
    words = scope_vocabulary.folded_words(folded)
    return not scope_vocabulary.vocabulary().feature_in(words)


#: What a statement is about when it opens with it: "Outlook no me deja enviar…", "la app de
#: mi banco no me deja entrar", "mi spotify se corta", "No puedo entrar en la app del Santander".
_OPENING = r"^(?:(?:no puedo|no consigo|i can'?t|i cannot|can'?t) (?:entrar|acceder|log ?in|sign in)(?: en| a| to| into)? )?" \
           r"(?:(?:la|el|mi|my|the|our|nuestra|nuestro|tu|your) )?(?:(?:app|aplicacion|cuenta|account) (?:de |del |of )?(?:mi |my )?)?"
_OPENS_WITH_OTHER = re.compile(_OPENING + rf"(?:{_OTHER_PRODUCTS})\b")
_OPENS_WITH_ANTIVIRUS = re.compile(_OPENING + rf"(?:el |the )?(?:antivirus\b|(?:{_ANTIVIRUS})\b)")
#: Installing is what our installation article covers: "Windows no me deja instalar" stays ours.
_INSTALLS = re.compile(r"\b(?:instal\w*|install\w*|setup)\b")


#: Computers, operating systems and chips our program would be installed on: named beside
#: "¿cómo lo instalo?" they say where, not what ("tenemos macbooks con chip M2").
_INSTALL_TARGETS = re.compile(r"\b(?:" + _words(
    r"mac ?books?(?: air| pro)?", r"i?macs?(?: mini| studio| pro)?", r"mac ?os(?: \w+)?", r"os x", r"apple(?: silicon)?",
    r"chips? (?:apple )?m\d\w*", r"m\d(?: pro| max| ultra)?(?: chips?)?", r"arm(?:64)?", r"intel", r"linux(?: mint)?",
    r"ubuntu", r"debian", r"fedora", r"red ?hat", r"chrome ?books?", r"chrome ?os", r"android", r"ios", r"ipados",
    r"iphones?", r"ipads?", r"tablets?", r"tabletas?", r"(?:microsoft )?surface(?: pro| go)?", r"raspberry(?: pi)?",
    r"windows(?: \d+| server(?: \d+)?| xp| vista)?", r"portatil(?:es)?", r"laptops?", r"ordenador(?:es)?",
    r"equipos?", r"computadoras?", r"computers?", r"pcs?", r"(?:lenovo|dell|acer|asus|toshiba|msi|hp)(?: \w+)?",
) + r")\b")
#: Installing or downloading "it", or with no object at all: what is installed is our program
#: ("¿cómo lo instalo?", "¿se puede instalar en un Chromebook?", "how do I install it?").
_INSTALLS_IT = re.compile(
    r"\b(?:lo|la) (?:(?:puedo|podemos|se puede|podria|podriamos) )?(?:re|des)?(?:instal|descarg)\w*"
    r"|\b(?:re|des)?(?:instal|descarg)ar(?:lo|la)\b"
    r"|\b(?:como|donde|puedo|podemos|se puede|se podria|hay forma de|es posible) (?:se )?(?:re|des)?(?:instal|descarg)\w*"
    r"(?= (?:en|sobre|bajo|con)\b|\W*$)"
    r"|\b(?:re|un)?(?:install|download)(?:ing)? (?:it|this)\b"
    r"|\b(?:re|un)?(?:install|download)(?:ing)?(?= on\b|\W*$)"
    r"|\b(?:re|des|un)?(?:instal|descarg|install|download)\w* (?:el programa|the program|paper ?office)\b"
    # using or running it there: "¿se puede usar en un iPad?", "can I use it on my Mac?"
    r"|\b(?:se puede|se podria|puedo|podemos|podria|es posible|hay forma de) (?:usar|utilizar|ejecutar)(?:lo|la)?"
    r"(?= (?:en|sobre|con)\b)|\b(?:lo|la) (?:puedo|podemos|se puede) (?:usar|utilizar|ejecutar)\b"
    r"|\b(?:use|run|using|running) (?:it|this|paper ?office|the program)(?= (?:on|with|in)\b)")


#: A yes-asking tag after a statement ("…cuando pueda, ¿ok?", "…later, right?"): no question of its own.
_TAG_QUESTION = re.compile(r"(?:[\s,]+¿?|¿)\s*(?:ok|okay|vale|si|sí|no|verdad|right|alright|de acuerdo|ya|eh|sabes)\s*\?+\s*$",
                           re.IGNORECASE)
#: Installing told as done or planned ("lo instalé", "ya lo instalaré", "I installed it", "I'll install
#: it"): a story or a deferral, not a how-to.
_DONE_OR_PLANNED = re.compile(
    r"\b(?:re|des)?(?:instal|descarg)(?:e|aste|aron|amos ayer|are|aras|ara|aremos|areis|aran|ado|aba|abamos)\b"
    r"|\b(?:i|we) (?:just |already |recently )?(?:re|un)?(?:installed|downloaded)\b"
    r"|\b(?:i'?ll|we'?ll|i will|we will|i'?ve|we'?ve|i have|we have) (?:\w+ )?(?:re|un)?(?:install|download)\w*")
#: Devices that are no computer: installing on them (a printer's driver) is not our program's platform.
_PERIPHERALS = re.compile(r"\b(?:printers?|impresoras?|scanners?|escaner(?:es)?|routers?|nas|televisor\w*|tv|smart ?tv"
                          r"|multifuncion\w*|fax|plotters?|webcams?|camaras?|cameras?)\b")


def installs_it_on_a_platform(text: Optional[str]) -> bool:
    """True for a question about installing "it" (our program) that names the computer or system
    it would go on: "tenemos macbooks con chip M2, ¿cómo lo instalo?", "how do I install it on my
    Chromebook?". The platform drew such questions out of scope or to a fallback; installing
    another product ("¿cómo instalo WhatsApp en el Mac?", "I bought Norton, how do I install it
    on my Mac?") stays out of scope, and the knowledge base says itself when no article covers
    the platform."""
    from bot.replies import tells_a_problem

    text = _TAG_QUESTION.sub("", normalise(text or ""))  # "ya lo instalaré en el portátil, ¿ok?" asks nothing
    folded = fold(text)
    asks = is_question(text) or re.search(r"\b(?:como|donde|how|where|saber si|se puede|can i|can we)\b", folded)
    if not asks or not _INSTALLS_IT.search(folded) or not _INSTALL_TARGETS.search(folded):
        return False
    if _DONE_OR_PLANNED.search(folded) or _PERIPHERALS.search(folded) or tells_a_problem(text):
        return False  # "lo instalé en el equipo nuevo y no arranca", "…on my HP printer?"
    rest = _INSTALL_TARGETS.sub(" ", folded)
    kept = _INSTALL_TARGETS.sub(" ", normalise(text or ""))  # the names as written, for unknown names
    return not _names_other(rest) and not company_names(kept) and not [
        name for name in unknown_names(kept) if not _INSTALL_TARGETS.search(fold(name))]


#: The product's own name: never read as another product's feature.
_OUR_NAME = re.compile(r"\bpaper ?of+ice\b")
#: Us, by name or as the one addressed: "…en PaperOffice", "…con vuestro programa", "…in your app".
_NAMES_US = re.compile(r"\bpaper ?of+ice\b|\b(?:vuestr[oa]s?|your|this|este|esta)\s+(?:programa|software|app|aplicacion|program|application)\b")
#: Platforms: "en Windows" says where our program runs; "el usuario de Windows" is Windows' own.
_PLATFORM = r"(?:windows(?: \d+)?|mac ?os|mac|linux|android|ios|ipados|iphone|ipad|chromebook)"
#: Words that tie another product to ours whatever its preposition: importing from it or exporting
#: to it, excluding our program in it, add-ins, running on it ("los correos de Outlook" are
#: imported; "las exclusiones de Avast" are our antivirus article).
_TIES = re.compile(r"\b(?:import\w*|export\w*|integra\w*|exclu\w*|excepcion\w*|whitelist\w*|lista blanca|"
                   r"cuarentena|quarantin\w*|complementos?|add-?ins?|plug-?ins?|compatib\w*|requisitos|requirements|"
                   r"funciona|works?|runs?|corre|soporta|supports?|supported|admite|bloquea\w*|block\w*|"
                   r"versions?|versiones|servidor\w*|servers?|escaner|scanner|twain|wia)\b")
#: The ties that hold when something is done *inside* another product ("exclusiones en Avast",
#: "complemento en Outlook"): importing and exporting there are not among them.
_TIES_INSIDE = re.compile(_TIES.pattern.replace(r"import\w*|export\w*|", ""))
#: Archiving or syncing what comes *from* another product is ours ("archivo los correos de Outlook",
#: "sincronizo la carpeta de OneDrive con el archivo"); archiving *in* it ("how do I archive in
#: Outlook?") and its own sync (the noun: "la sincronización de OneDrive") are not.
_ARCHIVES_FROM = re.compile(r"\b(?:archivar\w*|archiv[ao] (?:las|los|el|la|mis|tus|sus|todos|todas|un|una)|"
                            r"archiv(?:e|es|ed|ing) (?:my|the|all|our|your|an?)|"
                            r"sincroniz(?:o|a|as|ar|amos|an|ais)|sync (?:my|the|all|our|your|an?))\b")
#: A name written like a product, not a person or a shop: inner capital, hyphen or digit.
_PRODUCT_LIKE = re.compile(r"[a-z][A-Z]|\w-\w|[A-Za-z]\d")
#: Archiving is what PaperOffice does ("In Outlook, how do I archive attachments?").
_ARCHIVING = re.compile(r"\barchiv\w*")
#: Office apps and file formats that a document is exported or printed *as* ("exportar en Excel").
_FORMAT_APP = re.compile(r"\b(?:excel|word|csv|pdf|pdf/a|xml|json|txt|zip|xlsx?|docx?)\W*$")
_ARTICLE = r"(?:(?:la|el|los|las|mi|mis|tu|tus|su|sus|my|the|your|our|a|an|un|una) )?"
#: Nouns that another product can own in an English compound or with "'s": "OneDrive sync",
#: "Evernote's OCR", "the Microsoft 365 licence price".
_OWNABLE = (r"(?:sync\w*|licen[cs]es?|licencias?|ocr|users?|accounts?|prices?|pricing|plans?|subscriptions?|"
            r"storage|archive|backups?|search|settings|permissions?|folders?|templates?)")


def _others_pattern(text: Optional[str]) -> str:
    """Another product as the word lists know it, or a name the knowledge base does not know
    (in a question)."""
    unknown = [re.escape(fold(name)) for name in unknown_names(text)] if is_question(text) else []
    return "|".join([_OTHER_PRODUCTS, *unknown])


def theirs_removed(text: Optional[str]) -> str:
    """The folded `text` without what belongs to another product: "¿cómo configuro la
    sincronización de OneDrive?" loses "sincronización de", "does Evernote have OCR?" all after
    Evernote, "exporto la contabilidad de ContaPlus a Excel" its "exporto" (from one other product
    to another). What is left says whether the message is about us: an article that imports from
    Outlook does not make "how do I archive in Outlook?" ours. Ties (import, export, exclusions,
    "works with") and our own name are never removed."""
    folded = fold(text)
    other = "|".join([_OTHER_PRODUCTS, *map(re.escape, company_names(text))])
    # a name the articles never use is often a company or a person ("a nombre de Talleres
    # Ruiz"): it counts as another product only where it is what has or does something
    named = "|".join([_others_pattern(text), *map(re.escape, company_names(text))])
    # where the customer works: a product the word lists know, or in a question a name the
    # knowledge base never uses ("¿cómo etiqueto documentos en M-Files?")
    # (not a company's or a person's name: "en Ferretería Moreno" is where the customer works,
    # with us; an unknown name counts when it is written like a product: "M-Files", "DocuWare")
    products = [re.escape(fold(name)) for name in unknown_names(text) if _PRODUCT_LIKE.search(name)] \
        if is_question(text) else []
    app = rf"(?!{_PLATFORM}\b)(?:{'|'.join([_OTHER_PRODUCTS, *products])})"
    spans: list[tuple[int, int]] = []
    # a feature "of" another product, or done "in" an app ("crear un usuario en Active Directory")
    owned = re.compile(rf"\b\w+(?: \w+){{0,2}}? (?:(?P<of>de|del|of) {_ARTICLE}(?:{other})|"
                       rf"(?:en|in|on|dentro de|inside) {_ARTICLE}{app})\b")
    for match in owned.finditer(folded):
        # importing or exporting *in* another product is that product's feature ("¿cómo exporto
        # las facturas en Holded?"); from it or to it, and the other ties, stay ours
        # ("exportar en Excel" is exporting *as* Excel: a format keeps the tie)
        ties = _TIES if match.group("of") or _FORMAT_APP.search(match.group(0)) else _TIES_INSIDE
        if ties.search(match.group(0)) or (match.group("of") and _ARCHIVES_FROM.search(match.group(0))):
            continue
        spans.append(match.span())
    # a question set in another product from its first words ("En DocuWare, ¿cómo se crea una
    # bandeja?", "In SharePoint, how do I…?"): all of it is theirs unless it ties it to ours
    inside = re.match(rf"^\W*(?:en|in|on|dentro de|inside) {_ARTICLE}{app}\b", folded)
    rest = folded[inside.end():] if inside else ""
    # (our own features named after it stay theirs: "En DocuWare, ¿cómo se crea un flujo de aprobación?")
    if inside and is_question(text) and not _TIES_INSIDE.search(rest) and not _NAMES_US.search(rest) \
            and not _ARCHIVING.search(rest) \
            and not _FORMAT_APP.search(folded[:inside.end()]):
        spans.append((inside.start(), len(folded)))
    # a how-to done with another company's app ("¿cómo escaneo un documento con la aplicación Fax y
    # Escáner de Windows?", "how do I OCR a PDF using Readiris?"): theirs unless we are named or tied in
    using = re.search(rf"\b(?:con|with|using|usando|mediante) {_ARTICLE}(?:(?:aplicacion|app|programa|herramienta|tool)"
                      rf" (?:de |del )?)?{app}\b", folded)
    if using and is_question(text) and not _NAMES_US.search(folded) and not _ARCHIVING.search(folded) \
            and not _SCAN_DEVICES.search(using.group(0)) \
            and not _TIES_INSIDE.search(folded[:using.start()]):
        spans.append((0, len(folded)))
    # English compounds and possessives: "OneDrive sync", "Evernote's OCR"
    for match in re.finditer(rf"\b(?:{named})(?:'s|’s)? {_OWNABLE}\b", folded):
        spans.append(match.span())
    # another product as the subject of what it has or does: "does Evernote have OCR?",
    # "¿Excel tiene reconocimiento de texto?"
    subject = re.compile(rf"\b(?:does|do|can|has|is) {_ARTICLE}(?:{named})\b|"
                         rf"\b(?:tiene|trae|incluye|ofrece|hace) {_ARTICLE}(?:{named})\b|"
                         rf"^\W*{_ARTICLE}(?:{named}) (?:tiene|trae|incluye|ofrece|hace|has|have|offers?|includes?)\b")
    match = subject.search(folded)
    if match and not _TIES.search(folded[match.start():]):  # "is Outlook supported?" asks about us
        spans.append((match.start(), len(folded)))
    # taking data out of another product is that product's feature ("how do I export invoices from
    # QuickBooks to CSV?"); importing from it into ours stays ours
    exported = re.compile(rf"\b(?:export\w*|extra\w*|descarg\w*|download\w*|sac(?:o|ar|as|a|amos)|get)\b"
                          rf"(?: \w+){{0,4}}? (?:from|desde|out of) {_ARTICLE}(?:{other})\b")
    spans += [match.span() for match in exported.finditer(folded)]
    # from one other product to another: "de ContaPlus a Excel", "from Gmail into Outlook"
    between = re.compile(rf"\b(?:de|del|desde|from) {_ARTICLE}(?:{other})\b(?: \w+){{0,3}}? "
                         rf"(?:a|al|hacia|to|into|en|in) {_ARTICLE}(?:{other})\b")
    if between.search(folded):
        spans += [m.span() for m in re.finditer(r"\b(?:import\w*|export\w*|pas[oa]r?|mover|move|migra\w*|"
                                                r"convert\w*|transfer\w*)\b", folded)]
    if not spans:
        return folded
    kept = list(folded)
    for start, end in spans:
        kept[start:end] = " " * (end - start)
    left = "".join(kept)
    if _OUR_NAME.search(folded) and not _OUR_NAME.search(left):
        left += " paperoffice"
    return " ".join(left.split())


#: Languages the assistant does not speak: translating into Spanish or English may be a request
#: to change the conversation's language ("translate to English please"), so it needs a text.
_LANGUAGES = (r"(?:aleman|frances|italiano|portugues|chino|japones|ruso|arabe|catalan|euskera|gallego|"
              r"german|french|italian|portuguese|chinese|japanese|russian|arabic)")
_PROGRAMMING = r"(?:python|javascript|java|php|c\+\+|c#|bash|powershell|vba|sql|html|css|typescript|rust|golang)"
_PLACES = (r"(?:restaurantes?|restaurants?|bar|bares|bars|cafeterias?|cafes?|hotel(?:es|s)?|hostal(?:es)?|"
           r"bakery|panaderias?|farmacias?|pharmacy|pharmacies|gimnasios?|gyms?|museos?|museums?|cines?|"
           r"cinemas?|parkings?|aparcamientos?|supermercados?|supermarkets?|peluquerias?|hairdressers?|"
           r"pizzerias?|playas?|beach(?:es)?|tapas|sushi|discotecas?|clubs?)")
#: Requests for a service that is not software support, by kind: translating, writing or
#: programming something for the customer, finding or recommending a place, the weather,
#: recipes, jokes, homework.
#: Everyday units of measure, for conversions no software support answers.
_UNITS = (r"(?:onzas?|ounces?|oz|gramos?|grams?|kilos?|kilogramos?|kilograms?|libras?|pounds?|lbs?|tazas?|cups?|"
          r"cucharadas?|tablespoons?|teaspoons?|litros?|liters?|litres?|mililitros?|millilitres?|milliliters?|ml|galones?|"
          r"gallons?|pintas?|pints?|quarts?|millas?|miles?|kilometros?|kilometers?|kilometres?|km|metros?|meters?|metres?|"
          r"pies|feet|foot|pulgadas?|inches?|yardas?|yards?|grados?|degrees?|celsius|fahrenheit)")


_GENERAL_REQUEST = re.compile("|".join([
    # translating a text: "traduce 'buenos días' al alemán", "how do you say thanks in German?"
    rf"\btradu[cz]\w*\b.{{0,40}}(?:[\"'«“]|\b(?:al|en|a) {_LANGUAGES}\b|\b(?:palabra|frase|texto|carta)\b)",
    rf"\btranslat\w*\b.{{0,40}}(?:[\"'«“]|\b(?:into|to|in) {_LANGUAGES}\b|\b(?:word|phrase|sentence|text|letter)\b)",
    r"^\W*(?:tradu[cz]\w*|translat\w*)\b[^:]{0,40}:\s*\w",  # "Tradúceme al inglés: le envío la factura…"
    rf"\b(?:como se dice|how do (?:you|i) say)\b.{{1,40}}\b(?:en|in) {_LANGUAGES}\b",
    # writing or programming for the customer
    r"\b(?:escrib\w*|redact\w*|compon\w*|hazme|inventa\w*|write|draft|compose|make up)\b.{0,25}"
    r"\b(?:poema|poesia|cuento|relato|redaccion|ensayo|cancion|discurso|carta|poem|story|essay|song|speech|lyrics|"
    r"letter|cover letter|curriculum|cv|resume)\b",
    r"\b(?:hazme|haz|crea(?:me)?|programa(?:me)?|disena(?:me)?|build|create|code|make|design)\b.{0,20}"
    r"\b(?:pagina web|sitio web|website|web page|videojuego|video game)\b",
    rf"\b(?:scripts?|codigo|code|programa|program|funcion|function|macro)\b (?:en|in|de) {_PROGRAMMING}\b",
    rf"\b{_PROGRAMMING} (?:scripts?|code|program|function)\b",
    rf"\b(?:programar|program|code|coding) (?:en|in) {_PROGRAMMING}\b",
    r"\b(?:hazme|haz|escribeme|escribe|write me|write|make me|create|crea(?:me)?|generate|genera(?:me)?) "
    r"(?:un |una |a |an )?(?:\w+ )?scripts?\b",
    # a place to go: "any good restaurant near Puerta del Sol?", "¿dónde hay una farmacia cerca?"
    rf"\b(?:recomiend\w*|recomendar\w*|recommend\w*|suggest\w*|suger\w*|any good|some good|algun buen\w*|"
    rf"alguna buena|busca(?:me)? (?:un|una)|find me|where (?:can i|is the nearest|to)|donde (?:hay|puedo|esta el|"
    rf"esta la)|nearest)\b.{{0,30}}\b{_PLACES}\b",
    rf"\b{_PLACES}\b.{{0,20}}\b(?:cerca|near|nearby|around here|por aqui|por la zona)\b",
    # the weather
    r"\b(?:que|what(?:'s| is)?(?: the)?) tiempo (?:hace|hara|va a hacer)\b|\bweather\b|\bforecast\b|"
    r"\bpronostico del tiempo\b|\b(?:llover|llovera|llueve|nevar|nevara|nieva|raining|snowing)\b|"
    r"\b(?:will it|is it|going to|gonna) (?:rain|snow)\b",  # not a name: "soy John Snow"
    # ordering or booking an everyday service: "¿me pides un taxi para las 8?", "book me a table for two"
    r"\b(?:taxis?|cabs?|vtc|remis)\b",
    r"\b(?:pid\w*|pedir|reserv\w*|book\w*|order\w*|encarg\w*|consigue\w*|get me|call me an?)\b(?: \w+){0,3}? "
    r"(?:una? |an? |dos |two )?(?:mesa|table|pizzas?|comida|food|cena|dinner|hotel|habitacion|hotel room|vuelos?|flights?"
    r"|billetes?|entradas?|tickets? (?:for|para) (?:the |el |la )?(?:concert|concierto|cine|cinema|movie|pelicula|match"
    r"|partido|show|theatre|teatro)|cita (?:en|con) (?:el |la )?(?:medico|dentista|peluqueria)|doctor'?s appointment)\b",
    # a message for a personal occasion: "help me write a birthday message for my mum",
    # "¿me escribes una felicitación de boda?"
    r"\b(?:cumpleanos|birthday|aniversario|anniversary|boda|wedding|navidad|christmas|jubilacion|retirement|"
    r"pesame|condolencias?|condolence|sympathy)\b.{0,20}\b(?:mensaje|message|felicitacion|tarjeta|card|"
    r"dedicatoria|brindis|toast|note|wishes|nota)\b",
    r"\b(?:mensaje|message|felicitacion|tarjeta|card|dedicatoria|brindis|toast|wishes)\b.{0,20}\b(?:de |for |para )"
    r"(?:(?:mi|my|el|la|the|a|an|un|una) )?\w*\s?(?:cumpleanos|birthday|aniversario|anniversary|boda|wedding|"
    r"navidad|christmas|jubilacion|retirement|pesame|condolence|sympathy)\b",
    # converting everyday units: "how many ounces are in a cup?", "¿cuántos gramos son una taza?"
    rf"\b(?:cuant[oa]s|how many|how much|convert\w*|pasar|pasa(?:me)?)\b.{{0,15}}\b{_UNITS}\b.{{0,25}}\b{_UNITS}\b",
    # recipes, jokes, homework
    r"\b(?:recetas?|recipes?|hornear|bake|baking)\b",
    r"\b(?:chistes?|jokes?)\b",
    r"\b(?:deberes|homework|tareas? (?:del (?:cole|colegio|instituto)|de (?:clase|la escuela|mates|matematicas|"
    r"historia|lengua|fisica|quimica))|school (?:assignment|project)|ejercicios? de (?:mates|matematicas|fisica))\b",
]))


def general_request(text: Optional[str]) -> bool:
    """True for a request that no software support answers and that says nothing of ours:
    "traduce 'buenos días' al alemán", "write me a Python script to rename files", "any good
    restaurant near Puerta del Sol?", "¿va a llover mañana?". Named by what is asked, not by any
    product, so it also holds where no product is named (the intent model may read it as a
    greeting or a feature request)."""
    folded = fold(text)
    if not _GENERAL_REQUEST.search(folded):
        return False
    asked = _GIVEN_TEXT.sub(" ", folded)  # the text to translate or write says nothing of the request
    if _OUR_NAME.search(asked) or _PRODUCT.search(asked) or _LINKS.search(asked):
        return False
    return not scope_vocabulary.vocabulary().feature_in(scope_vocabulary.folded_words(asked))


#: A text handed over with the request: quoted, or after a colon ("translate: …").
#: The language asked for is no subject either ("al inglés": the program has English menus).
_GIVEN_TEXT = re.compile(r"[\"'«“][^\"'»”]{1,300}[\"'»”]|:\s.*$"
                         rf"|\b(?:al|a|en|into|to|in) (?:ingles|espanol|castellano|english|spanish|{_LANGUAGES})\b")


def names_other_product(text: Optional[str]) -> bool:
    """True when `text` names a product, device or service of another company."""
    return _names_other(fold(text))


def opens_with_other_product(text: Optional[str]) -> bool:
    """True for a statement whose subject is another company's product and that names nothing
    of ours: "Word se me cierra solo", "La app de mi banco no me deja entrar". "Se cuelga cada
    vez que abro un Excel adjunto" names Excel only as what the program was doing: not this."""
    folded = fold(text)
    if not (_OPENS_WITH_OTHER.search(folded) or _OPENS_WITH_WORD.search(normalise(text or ""))):
        return False
    if _OPENS_WITH_ANTIVIRUS.search(folded):
        return False
    ours = theirs_removed(text)
    if _PRODUCT.search(ours) or _LINKS.search(ours) or _INSTALLS.search(ours):
        return False
    return not scope_vocabulary.vocabulary().feature_in(scope_vocabulary.folded_words(ours))


#: Word, the word processor, as the subject: "Word se me cierra", "Word keeps crashing" (the
#: lower-case English word is no product).
_OPENS_WITH_WORD = re.compile(r"^\W*(?:(?:mi|my|el|the) )?Word\b(?! of\b)")


def names_our_product(text: Optional[str]) -> bool:
    """True when `text` names PaperOffice, "the program" or one of its own features."""
    return bool(_PRODUCT.search(fold(text)))


def about_other_product(text: Optional[str]) -> bool:
    """True for a message about someone else's product and not about ours: "¿cómo hago una
    copia de seguridad de WhatsApp?" yes, "¿qué excluyo en Avast para PaperOffice?" no."""
    folded = fold(text)
    ours = theirs_removed(text)
    named = _names_other(folded) or _names_unknown(text, ours) or bool(company_names(text))
    return named and not _PRODUCT.search(ours) and not _LINKS.search(ours)


def about_our_product_only(text: Optional[str]) -> bool:
    """True for a message that names PaperOffice or its features and no other product:
    "how do I pair the mobile app with my pc?" is never out of scope."""
    folded = fold(text)
    return bool(_PRODUCT.search(theirs_removed(text))) and not _names_other(folded)


def fold(text: Optional[str]) -> str:
    """Lower case, no accents, no addresses, single spaces: what the word lists are written for."""
    return " ".join(_ADDRESSES.sub(" ", strip_accents(normalise(text or ""))).lower().split())
