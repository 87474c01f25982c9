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
from bot.text import normalise, strip_accents


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
    r"archiv[ao] (?:las|los|el|la|mis|tus|sus|todos|todas)", r"archiv(?:e|es|ed|ing)", r"sincroniz\w*", r"sync\w*",
    r"integra\w*", r"exclu\w*", r"excepcion\w*", r"whitelist\w*", r"lista blanca", r"cuarentena", r"quarantin\w*",
    r"bloquea\w*(?: el| la)? (?:programa|instalacion|aplicacion)", r"block\w* (?:the |my )?(?:program|installation|install)",
    r"compatible", r"compatibilidad", r"compatibility", r"requisitos", r"requirements", r"funciona (?:en|con|bajo)",
    r"work(?:s)? (?:on|with)", r"run(?:s)? on", r"corre en", r"soporta", r"supported", r"admite",
    r"que version de", r"which version of", r"what version of", r"base de datos", r"database", r"bbdd",
    r"mysql", r"mariadb",
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


def _names_unknown(text: Optional[str], folded: str) -> bool:
    """A question that names something the knowledge base does not know and none of our
    features. Statements are left out: they name people, companies and places too often
    ("somos una empresa de Portugal…", "a nombre de Rosa Delgado")."""
    if not is_question(text) or not unknown_names(text):
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
    if _PRODUCT.search(folded) or _LINKS.search(folded) or _INSTALLS.search(folded):
        return False
    return not scope_vocabulary.vocabulary().feature_in(scope_vocabulary.folded_words(folded))


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
    named = _names_other(folded) or _names_unknown(text, folded)
    return named and not _PRODUCT.search(folded) and not _LINKS.search(folded)


def about_our_product_only(text: Optional[str]) -> bool:
    """True for a message that names PaperOffice or its features and no other product:
    "how do I pair the mobile app with my pc?" is never out of scope."""
    folded = fold(text)
    return bool(_PRODUCT.search(folded)) and not _names_other(folded)


#: E-mail addresses and links: "ana@gmail.com" gives an address, it does not ask about Gmail.
_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


def fold(text: Optional[str]) -> str:
    """Lower case, no accents, no addresses, single spaces: what the word lists are written for."""
    return " ".join(_ADDRESSES.sub(" ", strip_accents(normalise(text or ""))).lower().split())
