"""Entities in a free sentence: specialty, sector, OPTAM, zone, option, numbers with their meaning, yes/no.

Works on the normalised text (see normalize.py): « 1 200 patients MT » arrives as
« 1200 patients medecin traitant », « quatre-vingt-douzième percentile » as « 92eme percentile »."""

import datetime as dt
import functools
import re
from typing import Any

from chatbot.language import vocabulary
from common.text import MONTHS, fold
from rules import specialties

# A number, with its sign (« -1200 patients » is refused by the rules, never read as 1 200); not the tail of
# another number or word.
NUMBER = r"(?<![\d-])(-?\d+(?:[.,]\d+)?)"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("percentile", re.compile(rf"(?<!hors )(?<!sous )(?<!sans )\bp\s?{NUMBER}\b")),   # « hors P90 » is no percentile
    ("percentile", re.compile(rf"(?<!secteur )(?<!\w){NUMBER}\s?(?:e|eme|ieme)?\s+percentile\b")),   # not « secteur 1, percentile 70 »
    ("percentile", re.compile(rf"\bpercentile\s+(?:de\s+|a\s+|du\s+)?{NUMBER}\b")),
    ("file_active", re.compile(rf"\bfile active\s+(?:de\s+|d\s+|a\s+|est de\s+)?{NUMBER}\b")),
    ("file_active", re.compile(rf"(?<!secteur )(?<!\w){NUMBER}\s+(?:patients?\s+)?(?:en\s+|de\s+)?file active\b")),
    ("pmt", re.compile(rf"(?<!secteur )(?<!\w){NUMBER}\s+(?:patients?\s+)?(?:en\s+)?(?:patientele\s+)?medecin traitant\b")),
    ("pmt", re.compile(rf"\bpatientele(?: medecin traitant)?\s+(?:de\s+|d\s+|a\s+)?{NUMBER}\b")),
    ("pmt", re.compile(rf"(?<!\w){NUMBER}\s+patients\b")),
    ("age", re.compile(rf"\b(?:ai|age de|j ai)\s+{NUMBER}\s+ans\b")),
    ("doctors_in_practice", re.compile(rf"(?<!\w){NUMBER}\s+medecins\b")),
    ("doctor_fte", re.compile(rf"(?<!\w){NUMBER}\s+(?:equivalent temps plein|etp)\s+(?:de\s+)?(?:medecins?|generalistes|"
                              r"specialistes)\b")),
    ("assistant_fte", re.compile(rf"(?<!\w){NUMBER}\s+(?:equivalent temps plein|etp)\s+(?:d\s+|de\s+)?assistants?\b")),
]
# A band of percentiles (« entre le 90e et le 95e percentile », « P90-P95 »): computed at its bottom, where the
# band's amounts start; a bound from above (« sous le 95e ») is no percentile to compute with.
_RANK = r"(?:le\s+|la\s+)?(?:p\s?)?(\d{1,2}(?:,\d+)?)\s?(?:e|eme|ieme)?"
_BAND = re.compile(rf"\bentre\s+{_RANK}\s+(?:percentiles?\s+)?et\s+{_RANK}\s+percentiles?\b|"
                   rf"\bentre\s+p\s?(\d{{1,2}})\s+et\s+p\s?(\d{{1,2}})\b|"
                   rf"\bp\s?(\d{{1,2}})\s+(?:a\s+|au\s+)?p\s?(\d{{1,2}})\b|"
                   rf"\b(?:de|du)\s+{_RANK}\s+(?:percentile\s+)?(?:a|au)\s+{_RANK}\s+percentiles?\b")
_BELOW = re.compile(rf"\b(?:sous|en dessous d\w*|au dessous d\w*|inferieure? a\w*|moins que|pas au dessus d\w*)\s+"
                    rf"{_RANK}(?:\s+percentile)?\b")
# A bound from below (« au-dessus du P30 », « supérieure au 90e percentile »): the doctor's activity exceeds it, so it is
# computed at the next percentile, and said back (the threshold « dépasse le 30e » is not met at P30 itself).
_ABOVE = re.compile(r"\b(?:au dessus d\w*|plus haut que|superieure? a\w*|depasse\w*)\s+(?:le\s+|la\s+)?"
                    r"(?:p\s?(\d{1,2})|(\d{1,2})\s?(?:e|eme|ieme)?\s+percentile)\b")
_SECTOR = re.compile(r"\bsecteur\s+(1|2|un|deux)\b|\bs([12])\b")
# Negations read before a term, across the small words that may sit between (« pas adhérent à l'OPTAM »).
_NEGATION = r"(?:sans|pas|non|hors|ni|jamais|aucun|aucune|plus)"
_FILLER = (r"(?:adherent|adherente|adhere|adheres|signe|signataire|inscrit|inscrite|membre|partie|encore|je|j|il|"
           r"elle|n|ne|suis|est|ai|a|au|aux|l|d|de|du|des|la|le|les|un|une|en|dans|exerce|situe|situee)")
_ZIP, _ZAC, _UNDERSERVED = "zone d intervention prioritaire", "zone d action complementaire", "zone sous dense"
_COORDINATED = (r"(?:maison de sante pluriprofessionnelle|communaute professionnelle territoriale de sante|"
                r"equipe de soins primaires|exercice coordonne)")
_COORDINATED_YES = re.compile(rf"\b(?:en|dans|membre|adherent|adherente|partie|appartiens|appartient)\s+"
                              rf"(?:(?:une|un|la|le|de|d|l)\s+)?{_COORDINATED}")
_ONLY = r"(?:que|uniquement|seulement|exclusivement)\s+des\s+(?:medecins?\s+)?"
_FTE = r"(?:equivalent temps plein|etp)\s+(?:de\s+)?(?:medecins?\s+)?"   # « 3 ETP de généralistes »: the centre's doctors
_CENTRE_TYPES = (
    ("mixte", re.compile(r"\bmixte\b|\bgeneralistes?\s+et\s+(?:des\s+)?(?:medecins?\s+)?specialistes?\b|"
                         r"\bspecialistes?\s+et\s+(?:des\s+)?(?:medecins?\s+)?generalistes?\b")),
    ("generalistes", re.compile(rf"\b{_ONLY}generalistes?\b|\bcentre de sante de (?:medecins?\s+)?generalistes\b|"
                                rf"\b{_FTE}generalistes\b")),
    ("specialistes", re.compile(rf"\b{_ONLY}specialistes?\b|\bcentre de sante de (?:medecins?\s+)?specialistes\b|"
                                rf"\b{_FTE}specialistes\b")),
)
_SMALL = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}
_AGE = re.compile(r"(?<!-)\b(\d{2})\s+ans\b(?!\s+(?:d installation|de contrat|d exercice|de carriere|d experience|"
                  r"de pratique|d activite|de plus|apres|avant))")
_NOT_AGE_BEFORE = {"depuis", "dans", "pendant", "sur", "les", "en", "apres", "avant", "pour", "plus", "moins", "ces",
                   "des", "tous", "toutes", "durant", "environ", "y", "plus de", "moins de", "pres de",
                   "duree de", "periode de", "y a"}
_DATE = re.compile(r"\b(20\d\d)[-/](\d{1,2})[-/](\d{1,2})\b")
_FRENCH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b")
_SIGNED_YEAR = re.compile(r"\b(?:signe\w*\s+(?:mon\s+contrat\s+)?(?:en|le|depuis)|contrat(?:\s+de)?|"
                          r"contrat\s+(?:\w+\s+){0,3}?(?:date|datant|signe|remonte|commence)\s+(?:de|en|a|du)(?:\s+l)?)"
                          r"\s+(20\d\d)\b")
_MONTHS = {fold(month): n for n, month in enumerate(MONTHS, 1)} | {"janv": 1, "fevr": 2, "sept": 9, "oct": 10,
                                                                   "nov": 11, "dec": 12}
_MONTH_YEAR = re.compile(rf"\b(?:(\d{{1,2}})(?:er)?\s+)?({'|'.join(_MONTHS)})\s+(20\d\d)\b")
# « en 2020, un généraliste… » dates the situation, unless the year names a text (« convention 2024 »), or the
# sentence asks about now (« en 2021 on m'avait refusé l'aide… et aujourd'hui ? »).
_IN_YEAR = re.compile(r"(?<!convention )(?<!avenant )\b(?:en|depuis|des)\s+(20[12]\d)\b")
_NOW = re.compile(r"\b(?:aujourd hui|maintenant|actuellement|desormais|a present|de nos jours)\b")
# A share of the fees: clinical as said, or technical (CCAM acts) — then the clinical share is the rest.
_CLINICAL = re.compile(r"\bcliniques?\b")
_TECHNICAL = re.compile(r"\btechniques?\b|\bclassification commune\b")
_FEES = re.compile(r"\b(?:honoraires|actes|activite|chiffre d affaires)\b")
# Weekly hours or FTE of the assistant: a third, a half, a full time (35 h a week).
_HOURS = re.compile(r"\b(\d{1,2})\s?h(?:eures?)?\s?(\d{2})?\s*(?:/|par|a la|chaque|hebdo)\s*(?:semaine|sem)?\b")
_FTE_OPTION = re.compile(r"\b(1|0,5|0,33|1/2|1/3|mi|demi|tiers)\s+equivalent temps plein\b(?!\s+(?:de\s+|d\s+)?medecins?)")
_NEWLY_INSTALLED = re.compile(   # the elided « m' » is gone from the normalised text (« je viens de installer »)
    r"\b(?:nouvel(?:le)?|nouveau|nouveaux|jeunes?|recemment|fraichement)\s+(?:installee?s?|(?:m\s+)?installer)\b|"
    r"\bviens?\s+(?:juste\s+|tout juste\s+|a peine\s+)?de\s+(?:m\s+)?installer\b|"
    r"\binstallee?\s+(?:depuis\s+(?:peu|\d+\s+mois|moins d\s+(?:1|un)\s+an)|il y a\s+\d+\s+mois)\b|"
    r"\bje\s+(?:m\s+)?installe\b|\binstallation\s+recente\b")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _words(norm: str) -> set[str]:
    return set(norm.split())


def _polarity(norm: str, term: str) -> bool | None:
    """False if `term` is named under a negation (« non OPTAM », « pas adhérent à l'OPTAM », « OPTAM : non »),
    True if it is named otherwise, None if it is not named."""
    if not re.search(rf"\b{term}\b", norm):
        return None
    negated = re.search(rf"\b{_NEGATION}\s+(?:{_FILLER}\s+){{0,4}}{term}\b|\b{term}\s+(?:non|pas)\b(?! conventionne)", norm)
    return negated is None


def _zone(norm: str) -> str | None:
    """ZIP, ZAC, or « hors zone » from a negation (« pas en zone sous-dense », « hors ZIP », « ni ZIP ni ZAC »)."""
    zip_, zac, underserved = (_polarity(norm, term) for term in (_ZIP, _ZAC, _UNDERSERVED))
    if zip_:
        return "zip"
    if zac:
        return "zac"
    if False in (zip_, zac, underserved) or re.search(r"\bhors zone\b|\bzone (?:non|pas) sous dense\b", norm):
        return "hors_zone"
    return None


def _doctors(norm: str, words: set[str]) -> int | None:
    """Doctors in the practice from « seul au cabinet », « 2 associés », « cabinet de groupe » (at least 2)."""
    partners = re.search(r"\b(\d+|un|une|deux|trois|quatre|cinq|six)\s+associes?\b", norm)
    if partners:
        count = partners.group(1)
        return (int(count) if count.isdigit() else _SMALL[count]) + 1
    if re.search(r"\b(?:exerce|travaille|installe|suis|generaliste|specialiste|medecin)\s+seule?\b|\bseule? (?:au|dans mon|en) cabinet\b|"
                 r"\bcabinet (?:individuel|solo)\b|\bseule? medecin\b", norm) or (
            re.search(r"\b(?:seul|isole)\b", norm) and "cabinet" in words):
        return 1
    if re.search(r"\bcabinet de groupe\b|\bexerce en groupe\b", norm):
        return 2
    return None


def _age(norm: str) -> int | None:
    """« 62 ans » is an age unless it reads as a duration (« depuis 30 ans », « il y a 25 ans »)."""
    for match in _AGE.finditer(norm):
        before = norm[:match.start()].split()
        if before and (before[-1] in _NOT_AGE_BEFORE or " ".join(before[-2:]) in _NOT_AGE_BEFORE):
            continue
        if 25 <= int(match.group(1)) <= 99:
            return int(match.group(1))
    return None


def _clinical_share(norm: str) -> float | None:
    """« 85 % d'honoraires cliniques », « 90 % de mes honoraires viennent des actes cliniques » (0,85, 0,9);
    « mes actes techniques CCAM font 35 % de mes honoraires » (clinical: 0,65). The nearest term wins."""
    for match in re.finditer(rf"(?<!\w){NUMBER}\s+pourcent\b", norm):
        after = " ".join(norm[match.end():].split()[:8])
        before = " ".join(norm[:match.start()].split()[-8:])
        if not (_FEES.search(after) or _FEES.search(before) or _CLINICAL.search(after + " " + before)):
            continue
        share = _number(match.group(1)) / 100
        candidates = [(m.start(), kind) for kind, pattern in (("clinical", _CLINICAL), ("technical", _TECHNICAL))
                      for m in pattern.finditer(after)]
        candidates += [(len(before) - m.end(), kind) for kind, pattern in (("clinical", _CLINICAL),
                                                                         ("technical", _TECHNICAL))
                       for m in pattern.finditer(before)]
        if candidates:
            kind = min(candidates)[1]
            return share if kind == "clinical" else round(1 - share, 4)
    return None


def _signature_date(norm: str) -> str | None:
    """A date (« 2021-10-01 », « 20/06/2024 »), a month (« signé en octobre 2021 » → 1 October), or a year
    (« signé en 2021 », « contrat 2026 », « en 2020, un généraliste… »)."""
    date = _DATE.search(norm)
    if date:
        return f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}"
    date = _FRENCH_DATE.search(norm)
    if date:
        return f"{date.group(3)}-{int(date.group(2)):02d}-{int(date.group(1)):02d}"
    signed = re.search(r"\bsigne\w*\b", norm)
    months = list(_MONTH_YEAR.finditer(norm))
    if months:
        after_signed = [m for m in months if signed and m.start() > signed.start()]
        month = (after_signed or months)[0]
        day_ = int(month.group(1)) if month.group(1) and 1 <= int(month.group(1)) <= 31 else 1
        return f"{month.group(3)}-{_MONTHS[month.group(2)]:02d}-{day_:02d}"
    year = signed_year(norm)
    if year:
        return year_end(year, _option(norm))
    period = past_regime(norm)
    return period[1].isoformat() if period else None


# « sous l'avenant 7, un MG seul pouvait-il… » : a past regime named as the situation's time.
_UNDER = (r"(?:sous|a l epoque|a epoque|du temps|au temps|pendant|dans le cadre|en vertu|selon)(?:\s+(?:de|du|d))?\s+"
          r"(?:l\s+|le\s+|la\s+)?")


def past_regime(norm: str) -> tuple[str, dt.date] | None:
    """A regime since replaced, named as the time of the situation: its short label and its first day (a contract
    signed that day is computed; the echo says so). Today's regime names no date."""
    for pattern, label, start in _past_regimes():
        if pattern.search(norm):
            return label, start
    return None


@functools.cache
def _past_regimes() -> tuple[tuple[re.Pattern, str, dt.date], ...]:
    """Each replaced regime's names after « sous », « du temps de »…, compiled once."""
    from chatbot.lookups import words                  # the regimes' names, one list for the look-ups and here
    from rules.params import shipped as params

    history = params()["regimes"].history
    return tuple((re.compile(rf"\b{_UNDER}(?:{'|'.join(re.escape(p) for p in words().regimes.get(now.value.id, ()))})\b"),
                  now.value.short_label, now.start)
                 for now, _ in zip(history, history[1:]) if words().regimes.get(now.value.id))


def signed_year(norm: str) -> int | None:
    """The year of signature when the sentence gives a year and no month nor day (« signé en 2019 »)."""
    if _DATE.search(norm) or _FRENCH_DATE.search(norm) or _MONTH_YEAR.search(norm):
        return None
    about_now = _NOW.search(norm) and not re.search(r"\bsigne\w*\b", norm)
    year = _SIGNED_YEAR.search(norm) or (None if about_now else _IN_YEAR.search(norm))
    return int(year.group(1)) if year else None


def year_end(year: int, option: str | None) -> str:
    """The date a contract signed in `year` is computed for: the year's last day, which falls under the regime in
    force for most of that year (the scheme opened in August 2019; the 2023 and 2024 texts took effect in May and
    June); or, for an option closed during that year (tiers-temps in 2023), its last day open. The echo says which."""
    from rules.params import shipped as params   # the rules' dates, not copied here

    last = dt.date(year, 12, 31)
    if option:
        history = params()[f"option_{option}"].history
        open_in_year = [d for d in history if d.value is not None and d.start <= last]
        closing = [d.start for d in history if d.value is None and dt.date(year, 1, 1) < d.start <= last]
        if open_in_year and closing:
            last = min(closing) - dt.timedelta(days=1)
    return last.isoformat()


_OPTION_PHRASES = (("tiers_temps", r"tiers temps"), ("mi_temps", r"(?:mi|demi) (?:temps|tps|poste)"),
                   ("temps_plein", r"(?:temps (?:plein|complet)|plein temps|poste complet)"))


def _option(norm: str) -> str | None:
    """The option named (« à mi-temps »), or read from the assistant's hours (« 17h30 par semaine ») or FTE."""
    named = [option for option, phrase in _OPTION_PHRASES if re.search(rf"(?<!equivalent )\b{phrase}\b", norm)]
    if len(named) > 1:
        return None   # « mi-temps ou temps plein ? »: options compared, none chosen
    if named:
        return named[0]
    fte = _FTE_OPTION.search(norm)
    if fte:
        return {"1": "temps_plein", "0,5": "mi_temps", "1/2": "mi_temps", "mi": "mi_temps", "demi": "mi_temps"}.get(
            fte.group(1), "tiers_temps")
    for match in _HOURS.finditer(norm):
        hours = int(match.group(1)) + int(match.group(2) or 0) / 60
        for option, (low, high) in (("tiers_temps", (10, 13.5)), ("mi_temps", (15, 20)), ("temps_plein", (32, 39))):
            if low <= hours <= high:
                return option
    return None


def _sector(norm: str) -> str | None:
    """The sector named without a negation (« pas en secteur 2 mais en secteur 1 » is sector 1); « secteur 3 »,
    as doctors call practising outside the convention, is « non conventionné » (echoed back, so it can be corrected)."""
    if re.search(r"\bnon conventionne|\bhors convention|\bpas conventionne|\bdeconventionne|\bsecteur (?:3|trois)\b|"
                 r"\bs3\b", norm):
        return "non_conventionne"
    for match in _SECTOR.finditer(norm):
        before = " ".join(norm[:match.start()].split()[-3:])
        if re.search(rf"\b{_NEGATION}(?:\s+(?:en|dans|le|du|suis|est))*$", before):
            continue
        value = match.group(1) or match.group(2)
        return {"un": "1", "deux": "2"}.get(value, value)
    return None


def extract(norm: str) -> dict[str, Any]:
    """Profile fields named in a normalised sentence (never raises; validation happens in rules)."""
    found: dict[str, Any] = {}
    words = _words(norm)
    spec = specialties.find_in(norm)
    if spec is not None:
        found["specialty"] = spec.id
    sector = _sector(norm)
    if sector:
        found["sector"] = sector
    optam = _polarity(norm, "optam")
    if optam is not None:
        found["optam"] = optam
    zone = _zone(norm)
    if zone:
        found["zone"] = zone
    option = _option(norm)
    if option:
        found["option"] = option
    used: list[tuple[int, int]] = []   # a number read for one field is not read again for another
    band = percentile_band(norm)
    if band is not None:
        found["percentile"] = band[0]
    elif (above := percentile_above(norm)) is not None:
        found["percentile"] = above + 1
    used += [m.span() for m in (*_BAND.finditer(norm), *_BELOW.finditer(norm), *_ABOVE.finditer(norm))]
    for field, pattern in _PATTERNS:
        for match in pattern.finditer(norm):
            start, end = match.span(1)
            if field in found or any(start < e and s < end for s, e in used):
                continue
            found[field] = _number(match.group(1))
            used.append((start, end))
    if "age" not in found:
        age = _age(norm)
        if age:
            found["age"] = age
    share = _clinical_share(norm)
    if share is not None:
        found["clinical_fee_share"] = share
    for field in ("pmt", "file_active", "age", "doctors_in_practice"):
        if field in found:
            found[field] = int(found[field])
    if "doctors_in_practice" not in found:
        doctors = _doctors(norm, words)
        if doctors:
            found["doctors_in_practice"] = doctors
    if _NEWLY_INSTALLED.search(norm):
        found["newly_installed"] = True
    coordinated = _polarity(norm, _COORDINATED)
    if coordinated is False or (coordinated and _COORDINATED_YES.search(norm)):
        found["coordinated_practice"] = coordinated
    if "centre de sante" in norm and re.search(r"\b(?:notre|mon|nous|dirige|gere)\b", norm):
        found["structure"] = "centre_de_sante"
    if "centre de sante" in norm:
        kind = next((k for k, pattern in _CENTRE_TYPES if pattern.search(norm)), None)
        if kind:     # « notre CDS (que des MG) » : the doctors it employs set its threshold
            found["structure"], found["centre_type"] = "centre_de_sante", kind
            found.pop("specialty", None)
    signed = _signature_date(norm)
    if signed:
        found["signature_date"] = signed
    return found


def percentile_band(norm: str) -> tuple[float, float] | None:
    """The band of percentiles the doctor gave (« entre le 90e et le 95e », « P90-P95 »), lowest first."""
    match = _BAND.search(norm)
    if match is None:
        return None
    low, high = sorted(_number(g) for g in match.groups() if g is not None)
    return (low, high) if 0 <= low < high <= 100 else None


def percentile_above(norm: str) -> int | None:
    """The percentile the doctor's activity is said to exceed (« au-dessus du P30 »: 30), if below 100."""
    match = _ABOVE.search(norm)
    if match is None:
        return None
    bound = int(match.group(1) or match.group(2))
    return bound if bound < 100 else None


def yes_no(norm: str) -> bool | None:
    """True for « oui », « ouais », « d'accord »…, False for « non », « pas du tout »…, else None."""
    vocab = vocabulary()
    padded = f" {norm} "
    if any(f" {w} " in padded for w in vocab.negative):
        return False
    if any(f" {w} " in padded for w in vocab.affirmative):
        return True
    return None


def dont_know(norm: str) -> bool:
    padded = f" {norm} "
    return any(f" {w} " in padded for w in vocabulary().dont_know)


def first_number(norm: str) -> float | None:
    match = re.search(NUMBER, norm)
    return _number(match.group(1)) if match else None
