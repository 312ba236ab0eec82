"""Entities in a free sentence: specialty, sector, OPTAM, zone, option, numbers with their meaning, yes/no.

Works on the normalised text (see normalize.py): « 1 200 patients MT » arrives as
« 1200 patients medecin traitant », « quatre-vingt-douzième percentile » as « 92eme percentile »."""

import re
from typing import Any

from chatbot.language import vocabulary
from rules import specialties

NUMBER = r"(\d+(?:[.,]\d+)?)"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("percentile", re.compile(rf"\bp\s?{NUMBER}\b")),
    ("percentile", re.compile(rf"\b{NUMBER}\s?(?:e|eme|ieme)?\s+percentile\b")),
    ("percentile", re.compile(rf"\bpercentile\s+(?:de\s+|a\s+|du\s+)?{NUMBER}\b")),
    ("file_active", re.compile(rf"\bfile active\s+(?:de\s+|d\s+|a\s+|est de\s+)?{NUMBER}\b")),
    ("file_active", re.compile(rf"\b{NUMBER}\s+(?:patients?\s+)?(?:en\s+|de\s+)?file active\b")),
    ("pmt", re.compile(rf"\b{NUMBER}\s+(?:patients?\s+)?(?:en\s+)?(?:patientele\s+)?medecin traitant\b")),
    ("pmt", re.compile(rf"\bpatientele(?: medecin traitant)?\s+(?:de\s+|d\s+|a\s+)?{NUMBER}\b")),
    ("pmt", re.compile(rf"\b{NUMBER}\s+patients\b")),
    ("clinical_fee_share", re.compile(rf"\b{NUMBER}\s+pourcent\s+(?:de\s+|d\s+)?(?:mes\s+)?(?:honoraires|actes)?\s*cliniques?\b")),
    ("age", re.compile(rf"\b(?:ai|age de|j ai)\s+{NUMBER}\s+ans\b")),
    ("doctors_in_practice", re.compile(rf"\b{NUMBER}\s+medecins\b")),
    ("doctor_fte", re.compile(rf"\b{NUMBER}\s+(?:equivalent temps plein|etp)\s+(?:de\s+)?medecins?\b")),
    ("assistant_fte", re.compile(rf"\b{NUMBER}\s+(?:equivalent temps plein|etp)\s+(?:d\s+|de\s+)?assistants?\b")),
]
_SECTOR = re.compile(r"\bsecteur\s+(1|2|un|deux)\b|\bs([12])\b")
_DATE = re.compile(r"\b(20\d\d)[-/](\d{1,2})[-/](\d{1,2})\b")
_SIGNED_YEAR = re.compile(r"\bsigne\w*\s+(?:mon\s+contrat\s+)?(?:en|le|depuis)\s+(20\d\d)\b")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _words(norm: str) -> set[str]:
    return set(norm.split())


def extract(norm: str) -> dict[str, Any]:
    """Profile fields named in a normalised sentence (never raises; validation happens in rules)."""
    found: dict[str, Any] = {}
    words = _words(norm)
    spec = specialties.find_in(norm)
    if spec is not None:
        found["specialty"] = spec.id
    sector = _SECTOR.search(norm)
    if sector:
        value = sector.group(1) or sector.group(2)
        found["sector"] = {"un": "1", "deux": "2"}.get(value, value)
    if "non conventionne" in norm or "hors convention" in norm:
        found["sector"] = "non_conventionne"
    if re.search(r"\b(?:sans|pas d|pas de|pas a l|non adherent a l|n adhere pas a l)\s*optam", norm) or "pas adhere" in norm and "optam" in words:
        found["optam"] = False
    elif "optam" in words:
        found["optam"] = True
    if "zone d intervention prioritaire" in norm:
        found["zone"] = "zip"
    elif "zone d action complementaire" in norm:
        found["zone"] = "zac"
    elif "hors zone" in norm:
        found["zone"] = "hors_zone"
    for option, phrase in (("tiers_temps", "tiers temps"), ("mi_temps", "mi temps"), ("temps_plein", "temps plein")):
        if re.search(rf"(?<!equivalent )\b{phrase}\b", norm):
            found["option"] = option
    for field, pattern in _PATTERNS:
        match = pattern.search(norm)
        if match and field not in found:
            found[field] = _number(match.group(1))
    if "clinical_fee_share" in found:
        found["clinical_fee_share"] = found["clinical_fee_share"] / 100
    for field in ("pmt", "file_active", "age", "doctors_in_practice"):
        if field in found:
            found[field] = int(found[field])
    if re.search(r"\b(?:seul|isole)\b", norm) and "cabinet" in words and "doctors_in_practice" not in found:
        found["doctors_in_practice"] = 1
    if re.search(r"\b(?:nouvel(?:le)?|nouveau|jeune|recemment|viens de m)\s*(?:installe|installee|m installer)\b", norm):
        found["newly_installed"] = True
    if re.search(r"\ben (?:maison de sante pluriprofessionnelle|communaute professionnelle territoriale de sante|"
                 r"equipe de soins primaires)\b", norm):
        found["coordinated_practice"] = True
    if "centre de sante" in norm and re.search(r"\b(?:notre|mon|nous|dirige|gere)\b", norm):
        found["structure"] = "centre_de_sante"
    date = _DATE.search(norm)
    if date:
        found["signature_date"] = f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}"
    else:
        year = _SIGNED_YEAR.search(norm)
        if year:
            found["signature_date"] = f"{year.group(1)}-01-01"
    return found


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
