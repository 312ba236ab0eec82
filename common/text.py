"""Text helpers: the accent fold used by every fuzzy match, and French number and date formats."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` and drop its accents (« Pédiatrie » → « pediatrie »)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


NBSP = "\u00a0"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def number(value: float, decimals: int = 0) -> str:
    """French number: « 12 000 », « 0,5 », « 12,5 » (no-break space between thousands)."""
    if decimals == 0 and float(value).is_integer():
        text = f"{int(value):,}".replace(",", NBSP)
    else:
        text = f"{value:,.{decimals or 2}f}".rstrip("0").rstrip(".")
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP)
    return text


def eur(value: float) -> str:
    """French amount in euros: « 19 000 € », « −4 837 € » (a true minus sign)."""
    return f"{number(round(value))}{NBSP}€".replace("-", "\u2212")


def day(value) -> str:
    """French long date: « 22 juin 2024 » (« 1er mai 2023 »)."""
    first = "1er" if value.day == 1 else str(value.day)
    return f"{first} {MONTHS[value.month - 1]} {value.year}"


def after_colon(text: str) -> str:
    """`text` as it follows a colon in French: no capital (« Seuil d'activité : il faut… »), unless it starts with
    an acronym or a figure (« OPTAM », « P30 », « À 66 ans » keep theirs)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


CUT = " […] "


def bounded(text: str, limit: int) -> str:
    """`text` within `limit` characters: its beginning and its end, the middle replaced by « […] ». A long paste
    keeps the question typed or pasted after it; text added to a value already cut is cut at the same place."""
    if len(text) <= limit:
        return text
    head = limit // 2
    return text[:head] + CUT + text[len(text) - (limit - head - len(CUT)):]


def source_label(source: dict) -> str:
    """A source as a reader names it: its title and, when known, the date it was published (« …, en vigueur le 22
    juin 2024 (publié le 27 juin 2024) »: a title may hold dates of its own, this one is said for what it is)."""
    import datetime as dt

    when = source.get("date")
    try:
        return source["title"] + (f" (publié le {day(dt.date.fromisoformat(when))})" if when else "")
    except (TypeError, ValueError):
        return source["title"]


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` safe for a terminal: control characters (ESC, BEL, NUL…, and newlines unless kept) written as
    escapes (« \\x1b »), so that text read from a file can neither move the cursor nor ring nor clear."""
    if text.isprintable() or not any(_control(c, keep_newlines) for c in text):
        return text
    return "".join((f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if _control(c, keep_newlines) else c
                   for c in text)


def _control(char: str, keep_newlines: bool) -> bool:
    if keep_newlines and char == "\n":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char not in "\u00ad\u200d"


def definite(noun: str) -> str:
    """The noun with its definite article, elided before a vowel or a mute h: « l'anesthésie-réanimation »,
    « la cardiologie », « les maladies infectieuses ». For the feminine names of medical disciplines."""
    if noun.split(" ", 1)[0].endswith(("s", "x")):
        return f"les {noun}"
    return f"l'{noun}" if fold(noun[:1]) in "aeiouyh" else f"la {noun}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
