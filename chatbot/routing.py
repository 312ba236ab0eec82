"""Which turns go to the rules core: a doctor's situation, a money question about the doctor's own profile.

A turn that carries facts about a doctor (specialty, sector, OPTAM, patients, age, zone…) and asks
about eligibility, money or commitment is answered by `rules.evaluate`, whether the doctor speaks of
themself, of a colleague, or tersely (« pédiatre secteur 2 optam ça passe ? »). A generic question
without such facts stays with the FAQ. Works on normalised text (see normalize.py)."""

import re
from typing import Any

# Facts about the doctor (an option or a date alone does not make a question personal).
IDENTITY = frozenset({"specialty", "sector", "optam", "zone", "pmt", "file_active", "percentile",
                      "clinical_fee_share", "age", "newly_installed", "structure", "centre_type", "doctor_fte",
                      "doctors_in_practice", "coordinated_practice"})
FIRST_PERSON = re.compile(r"\b(?:je|j|moi|mon|ma|mes|suis|nous|notre|nos|ai)\b")
# « il peut », « elle exerce » (a subject, not the inverted « faut-il », « peut-il » of a generic question).
THIRD_PERSON = re.compile(r"\b(?:il|elle|ils|elles)\s+(?:est|a|ont|peut|peuvent|pourrait|exerce|fait|veut|voudrait|"
                          r"souhaite|travaille|touche|percoit|aurait|serait|sera|va|compte|envisage|n|ne)\b|"
                          r"\b(?:associe|associee|confrere|consoeur|collegue|conjoint|conjointe|"
                          r"epouse|mari|femme|ami|amie|cousin|cousine|remplacant|remplacante|successeur)\b")
# What the turn asks: eligibility, money or commitment (not « combien d'heures de formation »).
_WANT = r"(?:assistant|aide|option|tiers temps|mi temps|temps plein|employer|emploi|signer|contrat|avoir|prendre|demander|beneficier|obtenir)"
ASKS = re.compile(
    r"\b(?:eligib\w*|droit|passe|marche|ouvre|obten\w*|benefici\w*|percevoir|percoit|percevrai\w*|montant\w*|euros?|"
    r"argent|total|aide(?! soignant)|financ\w*|engag\w*|objectif\w*|contrepartie|rapporte\w*|augment\w*|mainten\w*|"
    r"combien(?!\s+(?:d\s+|de\s+)?(?:heures?|temps|jours?|semaines?|mois|annees?|ans|modules?|organismes?|"
    r"contrats?|assistants?|medecins?)\b)|"
    rf"(?:peux|peut|puis|pourrai\w*|possible|veux|voudrai\w*|souhait\w*|envisag\w*|compte|aimerai\w*)\s+(?:\w+\s+){{0,3}}{_WANT})\b")
MONEY = re.compile(r"\b(?:combien|montant\w*|euros?|argent|total|percevoir|percoit|percevrai\w*|rapporte\w*|somme)\b")


# Facts that say enough on their own; the practice's setting alone (structure, zone, group or coordinated
# practice) is better answered by the FAQ entry about that condition.
SELF_SUFFICIENT = frozenset({"specialty", "sector", "optam", "pmt", "file_active", "percentile", "clinical_fee_share",
                             "age", "newly_installed", "doctor_fte"})


def facts(found: dict[str, Any]) -> set[str]:
    return IDENTITY & set(found)


def is_situation(norm: str, found: dict[str, Any]) -> bool:
    """Facts about a doctor and a question about eligibility, money or commitment: two facts are
    enough (« pédiatre secteur 2 optam ça passe ? »); a single one must say enough on its own and come
    with a person (« j'ai 1 100 patients MT », « il a 66 ans », « mon associé »)."""
    known = facts(found)
    if not known or not ASKS.search(norm):
        return False
    if len(known) >= 2:
        return True
    return bool(known & SELF_SUFFICIENT) and bool(FIRST_PERSON.search(norm) or THIRD_PERSON.search(norm))


COMMITMENT = re.compile(r"\b(?:engag\w*|objectif\w*|contrepartie|augment\w*|mainten\w*)\b")


def asks_commitment(norm: str) -> bool:
    """A question about what the doctor commits to (« je dois augmenter ma patientèle ? »)."""
    return bool(COMMITMENT.search(norm))


def asks_money(norm: str) -> bool:
    """A question about the amounts (« combien je touche au total à mi-temps ? »)."""
    return bool(MONEY.search(norm))
