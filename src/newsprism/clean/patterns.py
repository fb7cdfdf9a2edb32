"""Site furniture as data: whole-line patterns, each with a reason.

Every pattern is matched against a whole stripped line (``fullmatch``,
case-insensitive), so a phrase like "leave a reply" inside a sentence of
real prose never matches. ``ends_article`` marks the lines after which a
page is usually all furniture (comment forms, related links, author boxes);
the cleaner decides whether to trust them (see ``position.cut_tail_zones``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Furniture:
    label: str
    why: str
    regex: re.Pattern[str]
    #: "" (no), "soft" (a long prose paragraph after it resumes the article) or
    #: "hard" (a comment form: what follows is comments and footer).
    ends_article: str = ""
    #: Also drop the teaser lines after it (a headline and a summary ending in "...").
    teaser_follows: bool = False


def _p(label: str, why: str, *alternatives: str, ends: str = "", teaser: bool = False) -> Furniture:
    body = "|".join(f"(?:{a})" for a in alternatives)
    return Furniture(label, why, re.compile(body, re.IGNORECASE), ends, teaser)


_NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    "|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    "|eighty|ninety"
)
_NUM = rf"(?:\d{{1,3}}|{_NUMBER_WORDS})"
_OP = r"(?:[+×x*−\-–÷/]|plus|minus|times)"
_SOCIAL = (
    r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|vk"
    r"|vkontakte|google\+?|tumblr|messenger|viber|print|mail)"
)

FURNITURE: tuple[Furniture, ...] = (
    _p(
        "pattern:share",
        "a share prompt",
        r"sharing is caring!?",
        rf"share(?: this(?: (?:article|story|post|page))?)?(?: (?:on|via) {_SOCIAL})?\s*[:!.]?",
        rf"(?:share|tweet|post|pin|email|send)(?: (?:it|this))?(?: (?:on|to|via) {_SOCIAL})",
        rf"{_SOCIAL}(?:\s*[|,/·•]\s*{_SOCIAL})+",
        r"(?:click to share on|share on) .{1,30}",
        r"tweet|like|pin it|print(?: this(?: article| page)?)?|e-?mail this(?: article)?",
        r"(?:e-?mail|print)(?: this)?(?: article| story| page)?"
        r"(?:\s+(?:e-?mail|print)(?: this)?(?: article| story| page)?)+",
        r"%d bloggers like this:?|like this:?|like loading\.{3}|be the first to like this\.?",
        r"(?:comparte|compartir|compartelo)(?: esto| en \w+)?\s*:?",
        r"поделиться(?: в \w+)?\s*:?|поделитесь(?: этой (?:статьей|новостью))?\s*:?",
        r"partager(?: sur \w+)?\s*:?|partagez(?: cet article)?\s*:?",
        r"teilen(?: auf \w+)?\s*:?|(?:diesen artikel )?teilen\s*:?|auf \w+ teilen",
    ),
    _p(
        "pattern:comments",
        "a comment form",
        r"leave a (?:reply|comment|response)(?: cancel reply)?\s*[:.]?",
        r"post a comment\s*:?|add (?:a )?comment\s*:?|write a comment\s*:?",
        r"your email address will not be published\.?(?: required fields are marked \*?)?",
        r"required fields are marked \*?\.?",
        r"this site uses akismet to reduce spam\.?"
        r"(?: learn how your comment data is processed\.?)?",
        r"click here to cancel reply\.?|cancel reply",
        r"you may use these html tags and attributes:.*",
        r"notify me of (?:follow-up comments|new posts).{0,60}",
        r"save my name, email, and website in this browser.{0,60}",
        r"login to leave a comment\.?|you must be logged in to post a comment\.?",
        r"(?:deja|dejar|deje) (?:una respuesta|un comentario)\s*:?",
        r"tu (?:direcci[oó]n de )?correo electr[oó]nico no ser[aá] publicad[ao]\.?.{0,80}",
        r"los campos obligatorios est[aá]n marcados con \*?\.?",
        r"(?:добавить|оставить|оставьте) (?:комментарий|отзыв)\s*:?",
        r"ваш (?:адрес )?e-?mail не будет опубликован\.?.{0,60}",
        r"обязательные поля помечены \*?\.?",
        r"laisser un commentaire\s*:?|laissez un commentaire\s*:?",
        r"votre adresse (?:e-?mail|de messagerie) ne sera pas publiée\.?.{0,80}",
        r"les champs obligatoires sont indiqués avec \*?\.?",
        r"(?:schreibe|hinterlasse|hinterlassen sie) einen kommentar\s*:?",
        r"(?:deine|ihre) e-?mail-adresse wird nicht veröffentlicht\.?.{0,80}",
        r"erforderliche felder sind mit \*? ?markiert\.?",
        ends="hard",
    ),
    _p(
        "pattern:comments",
        "a comment count or header",
        r"(?:no|\d+) (?:comments?|responses?|replies)\s*[:»]?",
        r"(?:\d+|no|one|two|three) (?:comments?|responses?|thoughts?) (?:to|on) .{1,150}",
        r"comments?\s*(?:\(\d+\))?\s*:?|comments are closed\.?|be the first to comment\.?",
        r"комментарии\s*:?|commentaires\s*:?|kommentare\s*:?|comentarios\s*:?",
        ends="hard",
    ),
    _p(
        "pattern:comments",
        "a comment form field",
        r"(?:name|email|e-mail|website|message)\s*\*?\s*:?\s*\*?",
    ),
    _p(
        "pattern:captcha",
        "an arithmetic captcha",
        rf"(?:solve\s*:?\s*)?\*?\s*{_NUM}\s*{_OP}\s*{_NUM}\s*=\s*(?:{_NUM}|_+|\?)?\s*[.:]?",
        r"time limit is exhausted\.? please reload (?:the )?captcha\.?",
    ),
    _p(
        "pattern:related",
        "a related-articles box",
        r"related(?: articles?| posts?| stories| news| content| links| coverage| reading)?\s*:?",
        r"(?:you (?:may|might) also like|recommended(?: for you| stories)?|more (?:stories|news)"
        r"|read (?:more|also|next)|see also|more from .{1,40}|latest (?:news|posts|stories))\s*:?",
        r"(?:art[ií]culos|noticias|entradas) relacionad[ao]s\s*:?|te puede interesar\s*:?",
        r"(?:похожие|связанные) (?:статьи|новости|записи)\s*:?|читайте также\s*:?",
        r"articles? (?:similaires|connexes)\s*:?|[àa] lire aussi\s*:?|sur le m[êe]me sujet\s*:?",
        r"(?:ähnliche|verwandte) (?:artikel|beiträge)\s*:?|das könnte (?:sie|dich) auch"
        r" interessieren\s*:?|mehr zum thema\s*:?",
        ends="soft",
    ),
    _p(
        "pattern:featured",
        "a featured-post teaser",
        r"featured(?: post| posts| article| story| stories)?\s*:?|popular posts\s*:?",
        r"(?:art[ií]culo|entrada) destacad[ao]\s*:?|article à la une\s*:?",
        ends="soft",
        teaser=True,
    ),
    _p(
        "pattern:widget",
        "a widget credit",
        r"blog widget by linkwithin|powered by .{1,40}|(?:\w+ )?widgets?",
    ),
    _p(
        "pattern:nav",
        "a navigation link",
        r"back to top(?: button)?\s*[↑^]?|go to top|scroll to top|top of page",
        r"(?:volver|ir) arriba|наверх|retour en haut(?: de (?:la )?page)?|nach oben",
        r"(?:«\s*)?(?:previous|next|older|newer) (?:post|article|story|entry)\s*(?:»)?.{0,120}",
        r"home|menu|search|skip to (?:main )?content|subscribe|log ?in|sign ?in|sign up",
        r"(?:view|see) (?:larger image|full image|gallery|all)|advertisement|ads by google",
    ),
    _p(
        "pattern:tags",
        "a tag list",
        r"(?:tags?|tagged|filed under|categor(?:y|ies)|etiquetas|метки|теги|mots-clés|schlagwörter)"
        r"\s*:.{0,300}",
    ),
    _p(
        "pattern:copyright",
        "a copyright notice",
        r"(?:©|\(c\)\s*(?:19|20)\d\d|copyright\s*(?:©|\(c\))?\s*(?:(?:19|20)\d\d|by\b)"
        r"|all rights reserved).{0,300}",
    ),
    _p(
        "pattern:bio",
        "an author box",
        r"(?:about the author|about the writer|sobre el autor|об авторе|à propos de l'auteur"
        r"|über den autor)\s*:?",
        r"function\s*:\s*[\w -]{1,40}",
        ends="soft",
    ),
)

# Byline shapes; group "name" is the author. Names are short runs of words.
_NAME = r"(?P<name>[^\W\d_][\w.'’-]*(?:[ ,]+(?:and |&\s*|y |et |und |и )?[^\W\d_][\w.'’-]*){0,5})"
BYLINES: tuple[tuple[re.Pattern[str], bool], ...] = (
    # (regex, ends_article): "Author:" boxes close the article, "By X" lines open it.
    (re.compile(rf"(?:author|autor|auteur|автор)\s*:\s*{_NAME}", re.IGNORECASE), True),
    (
        re.compile(
            rf"(?:by|written by|posted by|por|par|von|автор)\s+{_NAME}"
            r"(?:\s*[,|·•-]\s*(?P<org>[\w .&'-]{1,40}))?",
            re.IGNORECASE,
        ),
        False,
    ),
)
# "SMEStreet Edit Desk", "Web Desk", "News Desk": an outlet's desk signing the piece.
DESK_BYLINE = re.compile(
    r"(?P<name>(?:[\w&.'-]+ ){1,3}(?:(?:edit(?:orial)?|news|web|digital|online|city|foreign|"
    r"business|sports) )?desk)",
    re.IGNORECASE,
)
# "(FNA)- ", "(AFP) — ": a wire agency prefix at the start of the first paragraph.
AGENCY_PREFIX = re.compile(r"\((?P<agency>[A-Z][A-Za-z.&]{1,12})\)\s*[-–—]+\s*")

# A wire slug such as "sbr / mrg": editors' initials on their own line.
SLUG = re.compile(r"[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})+")

# Words a date-only line may contain; dateparser gets the line only if it fits.
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    "|noviembre|diciembre"
    "|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    "|novembre|décembre|decembre"
    "|januar|februar|märz|maerz|juni|juli|oktober|dezember"
    "|январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]"
    "|октябр[ья]|ноябр[ья]|декабр[ья]"
)
_WEEKDAYS = (
    "mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?"
    "|sat(?:urday)?|sun(?:day)?"
    "|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
    "|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    "|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    "|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?:19|20)\d\d"
_TIME = r"(?:(?:at|,|·|-|\|)?\s*\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)"
DATE_LINE = re.compile(
    r"(?:(?:published|posted|updated|last updated|date|publicado|publié|veröffentlicht"
    r"|опубликовано)(?: on| le| am)?\s*:?\s*)?"
    rf"(?P<date>(?:(?:{_WEEKDAYS})\.?,?\s+)?"
    rf"(?:(?:{_MONTHS})\.?\s+{_DAY},?\s+{_YEAR}"
    rf"|{_DAY}\s+(?:de\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+)?{_YEAR}(?:\s*г\.?)?"
    rf"|{_YEAR}-\d\d-\d\d|\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR})"
    rf"\s*{_TIME}?)",
    re.IGNORECASE,
)
