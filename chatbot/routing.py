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
                          r"\b(?:mon|ma|mes|notre|nos|son|sa|ses|un|une|le|la|l|des)\s+(?:associe|associee|confrere|"
                          r"consoeur|collegue|conjoint|conjointe|epouse|mari|femme|ami|amie|cousin|cousine|remplacant|"
                          r"remplacante|successeur)s?\b")
# What the rules core does not compute, even about a described doctor: a second assistant (convention 2024),
# other aids than this one, how to join the OPTAM. Such a turn stays with the FAQ (or is declined).
# A question about the OPTAM itself (joining, leaving, its commitments on fees) or about another scheme (the
# installation aids, the ROSP, the forfaits, IPA, Asalée…) names the doctor's facts without asking about this aid.
# Written for the normalised text, where elisions are gone (« contrat d'aide à l'installation » → « contrat aide a
# installation »).
_OPTAM_ITSELF = (r"\b(?:comment|pour|quand|ou|pourquoi|faut il|dois je|doit on|puis je|peut on|je veux|je voudrais|"
                 r"envisage de|avant de|si je)\s+(?:\w+\s+){0,3}?(?:adherer|adhere|signer|quitter|sortir|entrer|"
                 r"rejoindre|resilier|renoncer)\s+(?:\w+\s+){0,2}?(?:optam|optam co)\b|"
                 r"\b(?:engagements?|obligations?|regles|contraintes|contreparties|avantages?|interet|taux|plafonds?|"
                 r"modalites|fonctionnement|sortie|adhesion)\s+(?:de\s+|d\s+|du\s+|a\s+)?(?:l\s+)?(?:optam|optam co)\b|"
                 r"\b(?:taux|plafond|niveau|montant|limite)\s+(?:\w+\s+){0,2}?depassements?\b|"
                 r"\b(?:augmenter|pratiquer|facturer|limiter|baisser|appliquer|plafonner|fixer)\s+(?:\w+\s+){0,2}?"
                 r"depassements?\b|\bdepassements?\s+(?:autorise\w*|maxim\w*|permis)")
_OTHER_SCHEME = (r"\b(?:caim|cstm|coscom|cesp|rosp|asalee|aci|pdsa|"
                 r"contrat (?:d )?aides? a (?:l )?installation|aides? a (?:l )?installation|prime (?:a|d) (?:l )?installation|"
                 r"contrat de (?:transition|stabilisation|solidarite territoriale|debut d exercice)|"
                 r"forfait (?:structure|medecin traitant|patientele)|infirmier en pratique avancee|"
                 r"teleconsultation|permanence des soins|tiers payant)\b")
# The doctor's own installation as what an aid pays for (« je m'installe en ZIP : l'aide de 50 000 € … »), with no word
# of an assistant: the installation aids (CAIM…), not this one. « Je viens de m'installer » (a newly installed doctor
# asking about this aid) stays a situation.
_OWN_INSTALLATION = (r"^(?!.*\b(?:assistant|employ|emploi|embauch|recrut|salari))"
                     r".*\b(?:(?:je|on)\s+installe|pour\s+(?:me\s+)?installer|mon installation)\b")
# What the assistant must learn (its training, hours, deadline, diplomas) or what the aid is: questions for the FAQ,
# even from a doctor who describes themself (« je suis MG en MSP, combien d'heures de formation pour mon AS ? »).
_TRAINING = (r"\b(?:heures? de formation|quelle formation|formation\s+(?:\w+\s+){0,2}?(?:doit|devra|faut|faire|suivre|"
             r"dure)|quel delai|diplomes?|certificat de qualification professionnelle|formation d adaptation)\b")
_DEFINING = (r"\b(?:est quoi|en quoi consiste|consiste en quoi|ca consiste)\s+(?:\w+\s+){0,2}?(?:cette |ce |le |la )?"
             r"(?:aide|dispositif|avenant)\b")
# Who may be hired (« pédiatre, je peux recruter une auxiliaire de puériculture ? », « ma secrétaire peut devenir AM ? »):
# the profiles' entry names the trades and diplomas, which the rules core does not know.
_TRADES = (r"(?:infirmier\w*|aides? soignant\w*|auxiliaires? de puericulture|secretaires?|sages? femmes?|"
           r"ambulanci\w*|preparat\w*|manipulat\w*|kinesitherap\w*|opticien\w*)")
_WHO_HIRED = (rf"\b(?:employer|embaucher|prendre|engager|former|recruter)\s+(?:\w+\s+){{0,1}}?(?:une?|des|mon|ma|notre)\s+"
              rf"(?:ancienne?s?\s+)?{_TRADES}\b|\b(?:une?|mon|ma|notre)\s+{_TRADES}\s+(?:\w+\s+){{0,2}}?(?:devenir|etre|"
              r"faire|comme|en tant que)\b")
# A practice the rules core does not model: the doctor's own mixed activity (part hospital or salaried, part
# liberal), whose contract is adapted (the special cases' entry says so, and sends to the CPAM). Not a trade's past
# (« une infirmière de l'hôpital »).
_HOSPITAL = r"(?:hopital|hospitali\w*|salarie\w*|chu)"
MIXED = re.compile(r"\b(?:praticien hospitalier|ph|activite (?:mixte|salariee|hospitaliere)|medecin salarie|"
                   r"(?:aussi|egalement|partiellement) salarie\w*|"
                   rf"(?:suis|est|travaille|exerce|fais|fait|jours?|temps|moitie|partie)\s+(?:\w+\s+){{0,3}}?"
                   rf"(?:a l |a |en |dans un |au |a la )?{_HOSPITAL}|"
                   rf"(?:mon|ma|son|sa|une|l)\s+activite\s+(?:\w+\s+){{0,3}}?(?:a l |a |en |au )?{_HOSPITAL})\b")
NOT_RULES = re.compile(r"\b(?:2e|2eme|deuxieme|second|seconde|autre)\s+(?:assistant\w*|am|poste)\b|"
                       r"\bune?\s+(?:2e|2eme|deuxieme|seconde?)\b(?!\s+(?:annee|fois|temps|contrat|avis))|"
                       r"\b(?:[2-9]|1,5)\s+(?:equivalent temps plein|etp|postes?)\s+(?:d\s+|de\s+)?assistant|"
                       r"\boption\s+(?:a\s+|de\s+)?(?:[2-9]|1,5)\s+(?:equivalent temps plein|etp)\b|"
                       rf"\bhors assistant\b|\bcomment adherer\b|{_OPTAM_ITSELF}|{_OTHER_SCHEME}|{_OWN_INSTALLATION}|{_TRAINING}|"
                       rf"{_DEFINING}|{_WHO_HIRED}")
# What the turn asks: eligibility, money or commitment (not « combien d'heures de formation »).
_WANT = r"(?:assistant|aide|option|tiers temps|mi temps|temps plein|employer|emploi|signer|contrat|avoir|prendre|demander|beneficier|obtenir)"
# « combien » asks for money unless it counts something else (« combien d'heures de formation »).
_HOW_MUCH = (r"combien(?!\s+(?:d\s+|de\s+)?(?:heures?|temps|jours?|semaines?|mois|annees?|ans|modules?|organismes?|"
             r"contrats?|assistants?|medecins?|patients?)\b)")
# Obtaining or benefiting from the aid, not from anything (« le délai pour obtenir une carte vitale »).
_GET = r"(?:obten\w*|benefici\w*)(?=\s*$|\s+(?:\w+\s+){0,2}?(?:aide|assistant|dispositif|financement|contrat|option|subvention))"
# More patients asked of the doctor (« combien de patients en plus ? »): the commitment.
_MORE_PATIENTS = r"plus de patients|patients?(?: \w+){0,2} (?:en plus|de plus|supplementaires?)"
# A contract year asked about (« contrat mi-temps signé ce mois-ci, 1re année ? »): its amount.
_CONTRACT_YEAR = r"(?:1re|1ere|premiere|[1-5]e|[1-5]eme|deuxieme|troisieme|quatrieme|cinquieme) annee"
ASKS = re.compile(
    r"\b(?:eligib\w*|droit|passe|marche|ouvre|percevoir|percoit|percevrai\w*|montant\w*|euros?|"
    r"argent|total|aide(?! soignant)|financ\w*|engag\w*|objectif\w*|contrepartie|rapporte\w*|augment\w*|mainten(?!ant)\w*|"
    r"possible|ok|jouable|faisable|coince|bloque|clous|bon pour moi|le fait|est bon|est mort|foutu|concerne\w*|"
    r"criteres|rentre dans|remplis|exige\w*|imposer|impose|lever le pied|"
    rf"{_MORE_PATIENTS}|"
    r"pretendre|toujours pas|quand meme|"
    rf"{_HOW_MUCH}|{_CONTRACT_YEAR}|{_GET}|"
    rf"(?:peux|peut|puis|pourrai\w*|pouvai\w*|possible|veux|voudrai\w*|souhait\w*|envisag\w*|compte|aimerai\w*)\s+(?:\w+\s+){{0,3}}{_WANT})\b")
MONEY = re.compile(rf"\b(?:{_HOW_MUCH}|{_CONTRACT_YEAR}|quelle aide|montant\w*|euros?|argent|total|cumul\w*|percevoir|percoit|percevrai\w*|percu|"
                   r"rapporte\w*|somme|touche\w*|verse\w*)\b")


# Facts that say enough on their own; the practice's setting alone (structure, zone, group or coordinated
# practice) is better answered by the FAQ entry about that condition.
SELF_SUFFICIENT = frozenset({"specialty", "sector", "optam", "pmt", "file_active", "percentile", "clinical_fee_share",
                             "age", "newly_installed", "doctor_fte"})


def facts(found: dict[str, Any]) -> set[str]:
    return IDENTITY & set(found)


def is_situation(norm: str, found: dict[str, Any]) -> bool:
    """Facts about a doctor and a question about eligibility, money or commitment: two facts are
    enough (« pédiatre secteur 2 optam ça passe ? »); a single one must say enough on its own and come
    with a person (« j'ai 1 100 patients MT », « il a 66 ans », « mon associé ») or be said tersely, unless
    it is a condition asked about in general (« optam-co accepté pour l'aide ? »: the FAQ's rule on sectors)."""
    known = facts(found)
    if not known or not ASKS.search(norm) or NOT_RULES.search(norm) or asks_other(norm):
        return False
    if len(known) >= 2:
        return True
    terse = len(norm.split()) <= TERSE_WORDS and not known <= CONDITIONS
    return strong_facts(found) and bool(FIRST_PERSON.search(norm) or THIRD_PERSON.search(norm) or terse)


# The aid's own name (« l'aide à l'embauche des assistants », « l'aide pour les assistants ») names the topic, it does not ask for the aid: a letter
# that asks which unions signed it, or when, asks the FAQ, whatever the doctor says of themself.
SCHEME_NAME = re.compile(r"\baides? (?:a|pour) (?:l )?(?:emploi|embauche)\b|"
                         r"\baides? (?:pour|aux) (?:les |un |une )?assistant(?: medical)?\b")
TERSE_WORDS = 5   # « chir ortho ça passe ? », « radiologue éligible ? »: a profile of one fact, told tersely
CONDITIONS = frozenset({"sector", "optam"})   # alone and impersonal, a question about the rule, not a profile


COMMITMENT = re.compile(r"\b(?:engag\w*|objectif\w*|contrepartie|augment\w*|mainten(?!ant)\w*|imposer|exige\w*)\b|"
                        rf"\b(?:{_MORE_PATIENTS})\b|\blever le pied\b|\bralentir\b|\breduire\b")


def is_contract(norm: str, found: dict[str, Any]) -> bool:
    """A contract described by its option and its signing date, and a money or commitment question (« contrat
    mi-temps signé en octobre 2019 : combien au total ? », « … 800 PMT, combien de patients en plus ? »): the rules
    core computes its amounts year by year, or its commitment for that regime."""
    dated = "signature_date" in found or SIGNED_NOW.search(norm) is not None
    return ("option" in found and dated and (asks_money(norm) or asks_commitment(norm))
            and SIGNED.search(norm) is not None and not NOT_RULES.search(norm))


SIGNED = re.compile(r"\b(?:signe\w*|contrat)\b")
# Signed today (the rules' default date): « signé maintenant », « je signe ce mois-ci ».
SIGNED_NOW = re.compile(r"\b(?:signe\w*|contrat)\s+(?:\w+\s+){0,3}?(?:maintenant|aujourd hui|ce mois ci|ce mois|"
                        r"cette annee|en ce moment|bientot|prochainement|ces jours ci)\b")
# Said by a doctor about themself (not « donne-moi la liste… »: an imperative asks for a text).
_SELF = re.compile(r"\b(?:je|suis|ai)\b")
_IMPERATIVE = re.compile(r"\b(?:donne|dis|explique|liste|montre|rappelle|detaille|decris|resume)\w*\b")
QUESTION = re.compile(r"\b(?:quoi|quel|quelle|quels|quelles|comment|combien|pourquoi|quand|qui|est ce que|"
                       r"qu est)\b")


def is_statement(raw: str, norm: str, found: dict[str, Any]) -> bool:
    """A doctor who only describes themself (« je suis généraliste en secteur 1 au 60e percentile »), or a profile
    of three facts or more jotted in a few words (« MG S1 P60 mi temps », with or without « ? »; two, « seuil P30
    généraliste », may be a question about a rule): no question asked, so what they want is their own result."""
    told = _SELF.search(norm) is not None and "?" not in raw
    jotted = len(facts(found)) + ("option" in found) >= 3 and len(norm.split()) <= JOTTED_WORDS
    return (strong_facts(found) and (told or jotted)
            and not QUESTION.search(norm) and not _IMPERATIVE.search(norm) and not NOT_RULES.search(norm))


JOTTED_WORDS = 10   # « medecin generaliste secteur 1 1000 patients medecin traitant mi temps »: a profile, not a sentence


def asks_other(norm: str) -> bool:
    """A question about something else than eligibility, money or commitment (« quelles missions pour mon AM ? »,
    « quels syndicats ont signé l'aide à l'embauche ? »)."""
    return bool(QUESTION.search(norm)) and not ASKS.search(SCHEME_NAME.sub(" ", norm)) and not MONEY.search(norm)


def strong_facts(found: dict[str, Any]) -> bool:
    """Enough about the doctor to compute something personal: two facts, or one that says enough alone."""
    known = facts(found)
    return len(known) >= 2 or bool(known & SELF_SUFFICIENT)


def asks_commitment(norm: str) -> bool:
    """A question about what the doctor commits to (« je dois augmenter ma patientèle ? »)."""
    return bool(COMMITMENT.search(norm))


def asks_money(norm: str) -> bool:
    """A question about the amounts (« combien je touche au total à mi-temps ? »)."""
    return bool(MONEY.search(norm))
