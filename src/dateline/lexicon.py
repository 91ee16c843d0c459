"""The project's lexicon: the labels a block can carry, and the cheap pattern tests that say what a line
looks like (times, bylines, credits, counters). It imports nothing of the project, so every layer may use it."""
from __future__ import annotations

import re

BODY = "body"
HEADLINE = "headline"
KICKER = "kicker"
TIME = "time"
BYLINE = "byline"
HIGHLIGHT = "highlight"
STANDFIRST = "standfirst"  # no labeller gives it: the field's blocks are shown under it (the explorer)
CAPTION = "caption"
COUNTER = "counter"  # gallery counters "1 / 2"
SIDEBAR_TITLE = "sidebar_title"
SIDEBAR_ITEM = "sidebar_item"
BOILERPLATE = "boilerplate"
LABELS = (BODY, HEADLINE, KICKER, TIME, BYLINE, HIGHLIGHT, STANDFIRST, CAPTION, COUNTER, SIDEBAR_TITLE, SIDEBAR_ITEM,
          BOILERPLATE)

# what a box beside the story says it is, by the words of its title: (kind, pattern), first match wins
SIDEBAR_KINDS = (
    ("bio", re.compile(r"\b(bio|biography|profile|who is|steckbrief|zur person)\b", re.I)),
    # the word's end is needed ("Factors to consider" is no fact box), not its start ("FASTFACT", "Factbox")
    ("fact", re.compile(r"(facts?|factbox|key points|at a glance|in numbers|by the numbers|fakten)\b", re.I)),
    ("timeline", re.compile(r"\b(timeline|chronology|chronik)\b", re.I)),
    ("quote", re.compile(r"\b(quote|quotes|zitat)\b", re.I)),
    ("related", re.compile(r"\b(related|read more|see also|more on|mehr zum thema|lire aussi)\b", re.I)),
)


def sidebar_kind(title: str) -> str | None:
    """The kind of box a title names ("BIO", "Fast facts", "Timeline"), or None."""
    return next((k for k, rx in SIDEBAR_KINDS if rx.search(title)), None)


COUNTER_RE = re.compile(r"^\d{1,3}\s*(/|of|von|de|di|из)\s*\d{1,3}$", re.I)
SENTENCE_END = re.compile(r"[.!?…。！？:;\"'”’»)\]]$")
# a dateline opening a story's first paragraph:
# "ATHENS, Greece:" / "DAMASCUS:" / "WASHINGTON (Reuters) -" / "Gundremmingen - "
DATELINE_RE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+){0,3}(?:,\s+[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,2})?"
    r"(?:\s+\([^)]{1,30}\))?))\s*(?::|\s[—–-])\s+(?=\S)"
)
# a photo credit closing a caption: "(AFP)", "(Office of ... via REUTERS)", "(AFP file" cut by the flattener
CREDIT_TAIL = re.compile(r"\s*\((?P<credit>[^()]{1,80})\)?\s*$")
# the words a picture's credit is keyed with ("Foto: X", "Credit: X")
PICTURE_KEYS = r"Photo|Photograph|Picture|Image|Foto|Fotos|Bild|Credit|Credits|Crédit|Crédito|Photo credit"
# "... Foto: Peter Kneffel/dpa", "... Photo: AP", "... © Reuters": a credit key needs its colon (or is ©)
CREDIT_LEAD = re.compile(
    rf"(?:^|[\s|(])(?:(?P<key>{PICTURE_KEYS}|Source|Quelle)\s*:|©)\s*(?P<credit>[^|()]{{2,80}})\)?\s*$",
    re.I,
)
# "... umbenannt. Getty Images/Juanmonino": a short credit standing after the caption's last sentence
CREDIT_AFTER_SENTENCE = re.compile(r"[.!?]\s+(?P<credit>[^\s.!?][^.!?]{1,60}/[^.!?]{1,60})$")
# a line that is a photo credit and nothing more: "Image: eThekwini Municipality / Facebook", "© dpa"
CREDIT_KEY_LINE = re.compile(rf"^(?:(?:{PICTURE_KEYS})\s*:|©)\s*\S", re.I)
# "Getty Images", "AFP via Getty Images", "Alamy Stock Photo", "Reuters/Jane Doe": by their shape, not by a
# list of agencies
PICTURE_SOURCE_LINE = re.compile(
    r"(?:^|\s)(?:Images|Photos?|Pictures|Photography|Fotos?|Bilder)(?:\s*/\s*[\w.'’\- ]{1,40})?$"
    r"|^[A-Z][\w.'’-]*(?:\s[\w.'’-]+){0,3}\s*/\s*[A-Z][\w.'’ -]{1,40}$")
SOURCE_LINE_WORDS = ("Images", "Photo", "Pictures", "Foto", "Bilder")  # PICTURE_SOURCE_LINE's first form needs one
CREDIT_LINE_WORDS = 12  # "Photo: Jane Doe for The Guardian / Getty Images" and shorter
# "... el 1 de agosto. Jane Doe (dpa/picture alliance via Getty)": the photographer's name after the caption's last
# sentence, then the agency chain in brackets; a slash in the brackets, whatever their case
NAMED_CREDIT_TAIL = re.compile(r"[.!?]\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}\s*\([^()]{0,60}/[^()]{1,60}\)$")
# month names and their usual abbreviations in the languages of the dev sets, mapped to numbers
MONTH_NUMBERS = {}
for _n, _names in enumerate((
    "jan january januar janvier janv jänner jän enero gennaio janeiro januari ocak января январь янв",
    "feb february februar février fevrier févr fevr febrero febbraio fevereiro februari şubat февраля февраль фев",
    "mar march märz mär maerz mars marzo março maart mart марта март",
    "apr april avril avr abril aprile apríl nisan апреля апрель",
    "may mai mayo maggio maio mei maj mayıs мая май",
    "jun june juni juin junio giugno junho júní haziran июня июнь",
    "jul july juli juillet juil julio luglio julho júlí temmuz июля июль",
    "aug august août aout agosto augustus augusti ágúst ağustos августа август авг",
    "sep sept september septembre septiembre settembre setembro eylül сентября сентябрь сен",
    "oct october oktober okt octobre octubre ottobre outubro október ekim октября октябрь окт",
    "nov november novembre noviembre novembro nóvember kasım ноября ноябрь",
    "dec december dezember dez déc décembre decembre diciembre dicembre dezembro desember aralık декабря декабрь дек",
), start=1):
    for _name in _names.split():
        MONTH_NUMBERS[_name] = _n
MONTHS = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
# put before a month alternation that a number must follow ("May 3"): a word of letters, then a dot or
# not, spaces and a digit. Every month name is such a word, so nothing is matched that was not before,
# and the ~150 names are tried only where a number follows a word, not at every word of a line
WORD_THEN_DIGIT = r"(?=[^\W\d_]+\.?\s+\d)"
# "ago" within 80 characters of its unit: an unbounded .* made a line of many "5min," quadratic
DATE_RE = re.compile(
    # a day may follow a word without a space ("Erstellt am09.02.2022"), never another digit ("Rainer55518.10.19"),
    # and a year is not the first half of a time glued to it ("28.09.1912:44" is 28.09.19 12:44)
    rf"(\b\d{{4}}-\d{{2}}-\d{{2}}(?:\b|(?=T\d))|(?<![\d.])\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{2,4}}\b(?!:\d)|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|"
    rf"\b\d{{1,2}}\.?\s+(?:de\s+)?({MONTHS})\.?,?\s+(?:de\s+)?\d{{4}}\b|\b\d{{4}}/\d{{1,2}}/\d{{1,2}}\b|"
    rf"\b{WORD_THEN_DIGIT}({MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b|(?<!\d)\d{{4}}\s?年\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日|"
    rf"(?<!\d)\d{{4}}\.\s?\d{{1,2}}\.\s?\d{{1,2}}|"
    rf"\b\d+\s*(sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|day|days|week|weeks)\b"
    rf".{{0,80}}?\bago\b)",
    re.I,
)
TIME_WORDS = re.compile(
    r"^(updated|published|posted|last updated|modified|aktualisiert|veröffentlicht|erstellt|stand|publié|"
    r"mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|опубликовано|обновлено)\b",
    re.I,
)
BYLINE_WORDS = r"(by|von|par|por|di|da|door|av|af|от|автор|text|texto|written by|words by|reporting by)"
# the byline word alone on its line: the names follow on the next lines
# ... or a label that names the author ("Author of the article:", "Kommentar von", "Autorin:")
AUTHOR_WORDS = r"(authors?|autor|autorin|autoren|auteur|auteurs|autore|autora|autores|författare|forfatter)"
BYLINE_ALONE = re.compile(rf"^(?:[^\W\d_]+\s+){{0,2}}?({BYLINE_WORDS}|{AUTHOR_WORDS}(\s+of the article)?):?$", re.I)
# "Kolumne von X", "Ein Kommentar von X": a label word or two may stand before the byline word, in a
# short line only (see is_byline)
# a byline word set against the name without a space, as a page prints "<span>By</span><a>Alex B.</a>":
# only where a capital follows, and only words that open no name themselves ("DiMaggio", "DaSilva")
GLUED_BYLINE = r"(?:by|von|par|por)(?=(?-i:[A-ZÄÖÜ][a-zäöüß]))"
BYLINE_RE = re.compile(
    rf"^(?:[A-ZÄÖÜ]\w+\s+){{0,2}}?(?:{BYLINE_WORDS}[:\s]+|{GLUED_BYLINE})"
    r"(?P<names>[^\d|]{3,120}?)(?=\s*(\||,?\s*\d|$|\bupdated\b|\bpublished\b|\bposted\b))",
    re.I,
)


# a line that opens with the byline word itself ("By X", "Von X"), not after a label word or two
BYLINE_FIRST = re.compile(rf"^(?:{BYLINE_WORDS}[:\s]|{GLUED_BYLINE})", re.I)
# the parts of a line that sets date, time and byline side by side ("Do 25.04.24 | 14:07 Uhr | Von X")
BYLINE_PARTS = re.compile(r"\s[|•·⋅●∙]\s")  # "By X ⋅ Senior Review Analyst ⋅ Updated …"
BYLINE_PREFIXED_MAX_WORDS = 7
BYLINE_MAX_CHARS = 240  # 14 words of long names and a date: a longer line is a paragraph


def is_byline(text: str) -> bool:
    if len(text) > BYLINE_MAX_CHARS:
        return False
    m = BYLINE_RE.match(text)
    if not m:
        return False
    if re.search(r"\w:\s", m.group("names")):
        return False  # "Von München bis Aachen: Im Netz der China-Agenten" is a headline's two parts
    words = len(text.split())
    return words <= 14 if BYLINE_FIRST.match(text) else words <= BYLINE_PREFIXED_MAX_WORDS


def is_counter(text: str) -> bool:
    return bool(COUNTER_RE.match(text))


ANY_DIGIT = re.compile(r"\d")
# the four letters besides the ASCII ones that a case-insensitive pattern matches to an ASCII letter ("ſ" to
# "s", the Kelvin sign to "k"); see may_hold
FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


_lowered: tuple[str, str] = ("", "")  # the last text may_hold lowered, and its lower case: one tuple, swapped whole


def may_hold(text: str, *words: str) -> bool:
    """False only where a case-insensitive pattern could find none of these lower-case words in the text: a
    test many times cheaper than a pattern that needs one of them, asked before it (most lines hold none).
    A page's line is asked by several such tests in turn: its lower case is made once."""
    global _lowered
    last = _lowered
    if last[0] is text:
        low = last[1]
    else:
        low = text.lower()
        _lowered = (text, low)
    for w in words:
        if w in low:
            return True
    return bool(FOLDS_TO_ASCII.search(text))


def words_at_most(text: str, n: int) -> bool:
    """len(text.split()) <= n, without splitting a long paragraph past its n + 1st word."""
    return len(text.split(None, n)) <= n


LINKED = 0.5  # share of a line's text in links that makes it a list of links (a menu, a breadcrumb's trail)


def find_date(text: str) -> re.Match | None:
    """DATE_RE's first date in the text. Every form it reads holds a digit: a text without one (most
    lines) is passed over by a scan for a digit, many times cheaper than the pattern's own search."""
    return DATE_RE.search(text) if ANY_DIGIT.search(text) else None


def is_time_line(text: str) -> bool:
    """A short line that is a date or time as printed, with or without "Updated"."""
    if not ANY_DIGIT.search(text):  # every date and time form here has a digit
        return False
    words = len(text.split(None, 15))  # the words, counted up to 16: a longer line is no time line
    if words > 14:
        return False
    if TIME_WORDS.match(text):
        return True
    return words <= 8 and bool(DATE_RE.search(text)) and not SENTENCE_END.search(text.rstrip(".")[-1:] or "")


# job titles a byline prints after the name ("Amy Gibbons Political Correspondent", "Ulrich Exner, Korrespondent")
ROLE_TITLES = (r"korrespondent(in)?|redakteur(in)?|reporter(in)?|autor(in)?|journalist(in)?|mitarbeiter(in)?|"
               r"editor|correspondent|staff writer|contributor|columnist|rédacteur|rédactrice|journaliste|redactor|"
               r"redactora|periodista|corresponsal|correspondant|corrispondente")
ROLE_TAIL = re.compile(rf"\b({ROLE_TITLES})$", re.I)
NAME_ROLE_MAX_WORDS = 6  # a name and a job title; a longer line ending so is a headline ("... Tested by Editors")


def is_name_and_role(text: str) -> bool:
    """A short line closing on a job title: a byline without its "By", never a headline."""
    return words_at_most(text, NAME_ROLE_MAX_WORDS) and bool(ROLE_TAIL.search(text.strip(" .,")))


# a line asking the reader to act on the page: sign up, log in, subscribe, register for the alerts.
# A page prints them by its header (often twice, as a button and its label); never a story's headline
READER_PROMPT = re.compile(
    r"\b(sign(?:ing)? ?up|sign ?in|log(?:ged)? ?in|thank you for (?:registering|subscribing)|subscribe|"
    r"already (?:subscribed|registered|a member)|subscribers? only|register(?: now| for free| here)|"
    r"create an? (?:free )?account|(?:e-?mail|news) alerts|anmelden|abonnieren|jetzt registrieren|"
    r"abonnez-vous|inscrivez-vous|suscr[ií]bete|iscriviti|abone ol)\b", re.I)


def is_reader_prompt(text: str) -> bool:
    return bool(READER_PROMPT.search(text))


# prompts that close an article's body but never stand where a headline would, read at the body's end only
# (READER_PROMPT also keeps lines from the headline ranker's candidates, whose training rows it decides)
CLOSING_PROMPT = re.compile(r"\beinloggen\b", re.I)


def is_closing_prompt(text: str) -> bool:
    """A line asking the reader to sign up or log in, to close an HTML body (fields/article.py)."""
    return is_reader_prompt(text) or bool(CLOSING_PROMPT.search(text))


# what a site's notice on cookies, consent and personal data speaks of, in the languages of the dev sets
CONSENT_TERMS = re.compile(
    r"\b(cookies?|consent|opt[- ]out|personal (?:information|data)|privacy (?:policy|settings)|ad ?blocker|"
    r"einwilligung|einverstanden|datenschutz\w*|personenbezogene|drittplattform\w*|externe[nr]? inhalte?|"
    r"consentement|données personnelles|consentimiento|datos personales|dati personali)\b", re.I)
CONSENT_NOTICE_TERMS = 2  # one such word is an article's ("a $2 cookie", "get user consent"); two, the notice


def is_consent_notice(text: str) -> bool:
    """A paragraph of the site's notice on cookies, consent or personal data (an embed's placeholder,
    the privacy choices under a story): two different terms of it, which an article's sentence rarely
    holds together."""
    return len({m.casefold() for m in CONSENT_TERMS.findall(text)}) >= CONSENT_NOTICE_TERMS


# what a site's appeal to its readers speaks of, one concept a pattern: supporting it, giving, becoming a member,
# subscribing, journalism, being independent, its newsletter, signing up
APPEAL_CONCEPTS = tuple(re.compile(p, re.I) for p in (
    r"\bunterstütz\w* (?:sie|uns)\b|\bsupport (?:us|our|independent|quality)\b",
    r"\bspende\w*|\bdonat(?:e|ion|ions)\b",
    r"\bmitglied\w*|\bbecome a (?:member|supporter)\b|\bmembership\b",
    r"\babonn\w+|\bsubscri(?:be|ber|bers|ption)\b",
    r"\bjournalis(?:mus|m)\b",
    r"\bunabhängig\w*|\bindependent\b",
    r"\bnewsletter",
    r"\bsign(?:ing)? ?up\b|\bregistration\b|\bregistrier\w*",
))
APPEAL_CONCEPTS_MIN = 2  # one is an article's ("Spenden für die Flutopfer"); two, the site asking its readers


def is_reader_appeal(text: str) -> bool:
    """A paragraph of the site's appeal to its readers (support us, become a member, sign up for the
    newsletter): two of its concepts in one paragraph."""
    return sum(1 for p in APPEAL_CONCEPTS if p.search(text)) >= APPEAL_CONCEPTS_MIN


# the head of a page's comment thread: "3 Kommentare", "Comments (12)", "1 comment", "Leave a reply", "Join the
# conversation"; a lone "Comment" or "Kommentar" is more often an opinion column's label, so it needs its count
COMMENTS_HEAD = re.compile(
    r"^(?:(?:\d+\s+)?(?:leser|user|reader\s)?(?:kommentare|comments|commentaires|commenti|comentarios|reacties"
    r"|kommentarer|komentarze)|\d+\s+(?:kommentar|comment|commentaire|commento|comentario|reactie|komentarz)"
    r"|leave a (?:comment|reply)|join the (?:conversation|discussion))(?:\s*\(\d+\))?\s*:?$", re.I)


def is_comments_head(text: str) -> bool:
    return bool(COMMENTS_HEAD.search(text.strip()))


# a thread's head that names the story it is on: "15 Replies to “…”", "59 Comments on “…”", "3 thoughts on “…”"
TITLED_COMMENTS_HEAD = re.compile(
    r"^(?:\d+|one|no)\s+(?:comments?|replies|responses?|thoughts?|kommentare|commentaires|comentarios)\s+"
    r"(?:on|to|zu|sur|en|a)\s+[\"“„«‘'‹]", re.I)


# a thread's head that asks for comments or opens them: "Be the first to comment", "Add your comment →",
# "Discussion about this post", "Load all comments", "Comments 115"
COMMENTS_PROMPT = re.compile(
    r"^(?:be the first to comment|add (?:a |your )?comment|discussion about this (?:post|article|story)"
    r"|(?:post\s+)?load (?:all|more) comments|comments\s+\d+)\b", re.I)


def is_titled_comments_head(text: str) -> bool:
    """A comment thread's head of more words than a count: the story's title after it, or a prompt."""
    return bool(TITLED_COMMENTS_HEAD.match(text.strip()) or COMMENTS_PROMPT.match(text.strip()))


# the head of a list of links to the site's other stories below an article: "Mehr zum Thema Hitze", "Weitere
# Themen", "More from <site>", "Read next", "Ähnliche Artikel:", "【関連記事】". A few words of the site's or the
# topic's name may follow; a longer line is a teaser or a sentence ("Mehr als 80 Prozent ...")
RELATED_HEAD = re.compile(
    r"^[\W_]*(?:more (?:from|on this (?:story|topic)|stories|news|to read)|read next|see also|also read"
    r"|related(?: articles| stories| content| coverage| news| topics)?|you (?:may|might) also like"
    r"|most (?:read|popular)"
    r"|recommended(?: for you| stories)?|further reading|what to read next|top stories|latest news"
    r"|mehr (?:zum thema|zu diesem thema|aus|nachrichten|artikel)|weitere (?:themen|artikel|nachrichten|beiträge)"
    r"|ähnliche (?:artikel|beiträge|themen)|lesen sie auch|auch interessant|das könnte sie (?:auch )?interessieren"
    r"|meistgelesen\w*|zum weiterlesen|neueste (?:beiträge|artikel)"
    r"|(?:à )?lire aussi|sur le même sujet|les plus lus|(?:à )?voir aussi"
    r"|te puede interesar|lee también|más noticias|noticias relacionadas|lo más leído"
    r"|leggi anche|potrebbe interessarti|articoli correlati|più letti|leia também|veja também|mais lidas"
    r"|notícias relacionadas|lees ook|meer nieuws|gerelateerde artikelen|meest gelezen|läs också|les også|læs også"
    r"|relaterte artikler|mest lest|читайте также|по теме|другие новости|ilgili haberler|benzer haberler"
    r"|diğer haberler|関連記事|関連ニュース|관련\s?기사|相关新闻|相關新聞|延伸閱讀)\b", re.I)
RELATED_HEAD_WORDS = 6  # "Mehr zum Thema Hitzeschäden", "Weitere Artikel zu Atomenergie Deutschland"


def is_related_head(text: str) -> bool:
    """The head of a list of the site's other stories, alone on its line (not ending as a sentence does,
    a colon apart)."""
    text = text.strip()
    if not words_at_most(text, RELATED_HEAD_WORDS) or text[-1:] in ".!?":
        return False
    return bool(RELATED_HEAD.search(text))


# a page's controls printed as a line of their own inside the text: its buttons ("Rezept drucken", "Share this
# article", "Kommentieren", "Teilen Pin it Mailen Drucken") and its prompts to rate or to read on ("Valora esta
# noticia", "Pour lire la suite", "Read more"). The whole line is controls: a verb, with at most the thing it acts
# on ("Rezept", "this article") and the place it sends to ("bei Pinterest", "on Facebook"); a line saying more
# ("Market share: 12%", "Print place cards", "Read more in our guides below:") is text
CONTROL_VERBS = (r"share|print|download|save|comment|email|e-mail|mail|tweet|pin(?: it)?|rate|read more"
                 r"|continue reading|teilen|drucken|kommentieren|speichern|merken|pinnen|mailen|bewerten"
                 r"|herunterladen|weiterlesen"
                 r"|mehr lesen|imprimer|partager|commenter|télécharger|enregistrer|(?:pour )?lire la suite|imprimir"
                 r"|compartir|comentar|descargar|guardar|valora|leer más|stampa|condividi|commenta|scarica")
CONTROL_OBJECTS = (r"(?:(?:this|the|esta|este|cet|cette|ce|diesen|dieses|den|das|die|zum|zur|questo|questa)\s+)?"
                   r"(?:article|post|story|page|recipe|news|noticia|nota|artículo|receta|artikel|beitrag|rezept|seite"
                   r"|text|article|recette|articolo|ricetta|notizia)")
CONTROL_ITEM = (rf"(?:{CONTROL_OBJECTS}\s+)?(?:(?:bei|auf|on|sur|en|via|per|su)\s+\w+\s+)?(?:{CONTROL_VERBS})"
                rf"(?:\s+{CONTROL_OBJECTS})?(?:\s+(?:on|via|per|auf|sur|en|su|with|mit)(?:\s+\w+)?)?(?:\s+(?:now|jetzt))?")
CONTROL_LINE = re.compile(rf"^(?:{CONTROL_ITEM})(?:[\s|/·•,]+(?:{CONTROL_ITEM})){{0,4}}$", re.I)
CONTROL_LINE_WORDS = 8


def is_control_line(text: str) -> bool:
    """Is the whole line a page's buttons or a prompt to rate or read on (CONTROL_LINE)?"""
    text = text.strip(" \t:»›>…|/·•!")
    return words_at_most(text, CONTROL_LINE_WORDS) and bool(CONTROL_LINE.match(text))


# a file offered for download, its kind and size printed beside its name ("Merkblatt PDF | 38 KB", "(PDF, 1.2 MB)")
DOWNLOAD_SIZE = re.compile(r"(?<![a-z])(?:pdf|docx?|xlsx?|pptx?|odt|zip|epub|mp3|m4a)\b\W{0,4}\d+(?:[.,]\d+)?\s?"
                           r"(?:kb|mb|gb|kib|mib|kbyte|mbyte)\b", re.I)
DOWNLOAD_LINE_WORDS = 20  # a file's name, kind, size and a note on it; a longer line is a sentence naming a file


def is_download_line(text: str) -> bool:
    return may_hold(text, "kb", "mb", "gb", "kib", "mib") and words_at_most(text, DOWNLOAD_LINE_WORDS) \
        and bool(DOWNLOAD_SIZE.search(text))


# the site's note that it is paid for the links in its text, in its own voice ("We may earn a commission from
# links on this page", "This post contains affiliate links", "As an Amazon Associate I earn from qualifying
# purchases"); an article on affiliate marketing speaks of others earning ("Streamers earn a commission ...")
AFFILIATE_NOTE = re.compile(
    r"\b(?:(?:we|i|us)\b[^.]{0,40}\b(?:earn|receive|get|make)s?\b[^.]{0,30}\bcommissions?"
    r"|(?:earns?|receives?)\s+(?:us|me)\b[^.]{0,20}commission"
    r"|(?:contains?|includes?|uses?|may contain|may include)\s+(?:some\s+)?affiliate links"
    r"|qualifying purchases|supported by commissions)", re.I)
AFFILIATE_NOTE_WORDS = 60  # the note is a sentence or three; a longer paragraph says more than that


def is_affiliate_note(text: str) -> bool:
    return may_hold(text, "commission", "affiliate links", "qualifying purchases") \
        and words_at_most(text, AFFILIATE_NOTE_WORDS) and bool(AFFILIATE_NOTE.search(text))


# the site's prompt to get its newsletter, a sentence opening on the prompt ("Sign up for our newsletter ...",
# "Want more from X? Sign up for ...", "Thank you for subscribing to our daily newsletter."); a sentence that
# speaks of signing up ("... where you can sign up for free daily updates") is text
NEWSLETTER_PROMPT = re.compile(
    r"(?:^|[.?!]\s+)[^\w\s]*\s*(?:sign(?:ing)? ?up|subscribe|thanks? (?:you )?for subscribing|join (?:our|the)"
    r"|(?:please )?check your inbox)\b", re.I)
NEWSLETTER_WORDS = re.compile(r"\b(?:newsletters?|inbox|updates|new posts|mailing list)\b", re.I)
NEWSLETTER_PROMPT_WORDS = 30  # a prompt is a line or two; a longer paragraph is the article's own


# the site's or the author's prompt to follow them on a social network ("Follow us on Facebook, Instagram ...",
# "Follow me on Pinterest to see what I'm pinning", "Follow Newsbeat on Instagram")
FOLLOW_PROMPT = re.compile(r"\bfollow (?:us|me|along|\w+(?:\W+\w+){0,3}) on (?:facebook|instagram|twitter|x|pinterest|"
                           r"youtube|tiktok|linkedin|threads|bluesky)\b", re.I)
FOLLOW_PROMPT_WORDS = 60  # the prompt and the site's note around it; a longer paragraph is the article's own


def is_follow_prompt(text: str) -> bool:
    return may_hold(text, "follow ") and words_at_most(text, FOLLOW_PROMPT_WORDS) and bool(FOLLOW_PROMPT.search(text))


# a line an advertising slot or a paywall prints among the paragraphs: the slot's label before its title
# ("Advertisement: New AI Book!", "Anzeige: ..."), the note that the rest is for subscribers ("This article is
# exclusive to X subscribers"). Not "Advertising: ..." or "Werbung – ...", which name a topic the text defines
AD_OR_PAYWALL_LINE = re.compile(
    r"^\W*(?:advertisement|anzeige|sponsored)\s*[:|–-]\s"
    r"|\b(?:exclusive|available) (?:only )?to (?:\S+ ){0,2}(?:subscribers|members)\b", re.I)
AD_OR_PAYWALL_WORDS = 15  # a label and a title, or the note; a longer line is a sentence of the text


def is_ad_or_paywall_line(text: str) -> bool:
    return may_hold(text, "advertisement", "anzeige", "sponsored", "subscribers", "members") \
        and words_at_most(text, AD_OR_PAYWALL_WORDS) and bool(AD_OR_PAYWALL_LINE.search(text))


# an advertising slot's bare label, printed over each slot among the paragraphs ("Advert", "Anzeige")
AD_LABEL = re.compile(r"^\W*(?:ad|advert|advertisement|advertising|anzeige|werbung|sponsored|publicit[ée]|reklame|"
                      r"publicidad|pubblicità)\W*$", re.I)


def is_ad_label(text: str) -> bool:
    return bool(AD_LABEL.match(text))


# a story's reading time, alone or beside its author ("6 min read", "Bridgestone Team | 5 min read", "3 Min Lesezeit")
READING_TIME = re.compile(r"\b\d+\s*(?:min(?:ute)?s?\.?|minuten)\s+(?:read|reading|lesezeit|lesedauer|de lecture|"
                          r"de lectura|di lettura)\b", re.I)
READING_TIME_WORDS = 8  # the time and a name at most; a longer line is a sentence naming a reading time


def is_reading_time(text: str) -> bool:
    return may_hold(text, "min") and words_at_most(text, READING_TIME_WORDS) and bool(READING_TIME.search(text))


def is_newsletter_prompt(text: str) -> bool:
    return may_hold(text, "newsletter", "inbox", "updates", "new posts", "mailing list") \
        and words_at_most(text, NEWSLETTER_PROMPT_WORDS) and bool(NEWSLETTER_PROMPT.search(text)) \
        and bool(NEWSLETTER_WORDS.search(text))


# a blog post's footer line: when it was posted and where it is filed ("This entry was posted on <date> and is
# filed under News", "Erstellt am <date> und abgelegt unter Linux", "… veröffentlicht und wurde unter X abgelegt")
FILED_UNDER = re.compile(r"\b(?:filed under|is filed|posted in|abgelegt|publié dans|classé dans|archivado en"
                         r"|categories:|kategorien?:)", re.I)
POST_FOOTER_WORDS = 60


def is_post_footer(text: str) -> bool:
    return may_hold(text, "filed", "posted in", "abgelegt", "dans", "archivado en", "categories:", "kategorie") \
        and words_at_most(text, POST_FOOTER_WORDS) and bool(FILED_UNDER.search(text)) and find_date(text) is not None


# "Recommended" heads a list of the site's stories only as "Recommended", "Recommended for you", "Recommended
# reading"; before another noun it heads an article's own advice ("Recommended courses:", "Recommended Software and
# Apps"), which the markup sets as a subheading among the paragraphs
ADVICE_HEAD = re.compile(r"^[\W_]*recommended\s+(?!for you|reading|stories|articles|posts|videos|news|content)\w",
                         re.I)


# "You may be interested in the following topics as well:": the same head, as a sentence
INTERESTED_HEAD = re.compile(r"^[\W_]*you (?:may|might) (?:also )?be interested in (?:the following|these|this)\b",
                             re.I)
INTERESTED_HEAD_WORDS = 12


def is_links_head_in_text(text: str) -> bool:
    """HTML: a line among the article's paragraphs that heads a list of the site's other stories
    (is_related_head), not a subheading of the article's own advice (ADVICE_HEAD)."""
    return is_related_head(text) and not ADVICE_HEAD.match(text) \
        or words_at_most(text, INTERESTED_HEAD_WORDS) and bool(INTERESTED_HEAD.match(text))


# a line of a comment thread's header: its reply button, a reply's "Re:" subject, "<name> says:"
REPLY_LINE = re.compile(
    r"^(?:reply|reply to this(?: share)?|antworten|responder|r[ée]pondre|rispondi|beantwoorden|svara?|odpowiedz)$"
    r"|^re\s*:|^\S+(?:\s+\S+){0,3}\s+(?:says|said|wrote|sagt|schreibt|dice|dit|écrit|scrive|schreef):?$", re.I)


def is_reply_line(text: str) -> bool:
    return bool(REPLY_LINE.search(text.strip()))


def sentence_like(text: str) -> bool:
    """Does the text end as a sentence does? SENTENCE_END is one character at the end (or before a final
    newline): searched in the last two only, not tried at every position of a long paragraph."""
    return bool(SENTENCE_END.search(text[-2:]))


CREDIT_MARKS = re.compile(r"[(:©/]")


def split_credit(text: str) -> tuple[str, str | None]:
    """'Caption text. (AFP)' -> ('Caption text.', 'AFP'); no credit -> (text, None)."""
    if not CREDIT_MARKS.search(text):  # each form below needs one of these: most lines have none
        return text, None
    # the bracket CREDIT_TAIL reads is the line's last "(": the search starts at the spaces before it
    k = text.rfind("(")
    while k > 0 and text[k - 1].isspace():
        k -= 1
    m = CREDIT_TAIL.search(text, k) if k > 0 else None
    if m and m.start() > 0:
        credit = m.group("credit").strip()
        if credit_like(credit):
            return text[: m.start()].rstrip(), credit
    m = CREDIT_LEAD.search(text) if ":" in text or "©" in text else None  # its key's colon, or ©
    if m and m.start() > 0:
        return text[: m.start()].rstrip(" |,;-–"), m.group("credit").strip()
    m = CREDIT_AFTER_SENTENCE.search(text) if "/" in text else None
    if m and credit_like(m.group("credit")):
        return text[: m.start() + 1].rstrip(), m.group("credit").strip()
    return text, None


def named_credit(text: str) -> bool:
    """Does the line close on a photographer's name and a bracketed agency chain with a slash, after a sentence
    ("... de 2024. Jane Doe (dpa/picture alliance via Getty)")? A caption that `split_credit` does not read, as
    its brackets hold lower-case words."""
    return "/" in text[-62:] and bool(NAMED_CREDIT_TAIL.search(text))


def credit_line(text: str) -> bool:
    """Is this whole line a photo credit ("Getty Images", "Image: X / Facebook")?"""
    if not words_at_most(text, CREDIT_LINE_WORDS) or text.endswith("."):
        return False
    # a key's colon or ©; a slash or one of the words (the pattern is case-sensitive) for a source line
    return bool(("©" in text or ":" in text) and CREDIT_KEY_LINE.match(text)
                or ("/" in text or any(w in text for w in SOURCE_LINE_WORDS)) and PICTURE_SOURCE_LINE.search(text))


# a caption closing on its photo's credit in square brackets: "… 인사하고 있다. [사진 = 김혜진 기자]", "[Photo: AFP]"
BRACKET_CREDIT = re.compile(r"\[\s*(?:사진|写真|照片|photo|foto|image|bild|credit)[^\]]{0,60}\]\s*$", re.I)


def bracketed_credit(text: str) -> bool:
    """Does the line close on a photo's credit in square brackets (a caption flattened among the paragraphs)?"""
    return text.endswith("]") and bool(BRACKET_CREDIT.search(text))


def keyed_credit_line(text: str) -> bool:
    """Is this whole line a photo credit by its key ("© X/Y", "Photo: AFP", "Credit: X")? Stricter than
    `credit_line`, which also takes "X / Y Photography" (a guide's list item as often as a credit)."""
    return words_at_most(text, CREDIT_LINE_WORDS) and bool(CREDIT_KEY_LINE.match(text))


def credit_like(credit: str) -> bool:
    """An agency or photographer, not a parenthetical remark: few words, capitalised or with a slash."""
    words = credit.split()
    if not words or len(words) > 10:
        return False
    if any(w.isupper() and len(w) >= 2 for w in words):
        return True
    caps = sum(1 for w in words if w[:1].isupper() or w in {"via", "of", "the", "file", "and", "/"} or "/" in w)
    return caps == len(words) and ("/" in credit or len(words) <= 4)

INITIAL_END = re.compile(r"(?:^|[\s.])\w\.$")  # closing on an initial: "Juan Carlos Muñoz C.", "Verband e.V."


def language_tag(value: str | None) -> str | None:
    """A language as the page wrote it ("en_us", "EN-gb", "de-DE, en") as one BCP 47 tag ("en-US",
    "en-GB", "de-DE"), by langcodes; None for a value that names no language."""
    value = (value or "").split(",")[0].strip().replace("_", "-")
    if not value:
        return None
    import langcodes

    try:
        tag = langcodes.standardize_tag(value)
    except (ValueError, LookupError):
        return None
    return None if tag == "und" else tag


def primary_language(tag: str | None) -> str | None:
    """The primary subtag of a BCP 47 tag ("en-GB" -> "en"): what facets count and decisions use."""
    return tag.split("-")[0].lower() or None if tag else None
