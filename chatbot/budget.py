"""« Combien ça me coûte ? »: the business case (rules/business.py) for the doctor's own profile, in the
chat — during or after a simulation. The session calls `turn` (and `explain` for « pourquoi »)."""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from chatbot.form import refused
from chatbot.normalize import normalize
from chatbot.reply import QuickReply
from common.schema import Strict
from common.text import fold
from common.yamlio import load_model
from rules import ProfileError, Result, evaluate, parse_profile

COST_INTENT = "simulation.cout"
_NUMBER = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
# Euros as typed: « 2 100 € », « 2100 euros », « 2100 eur », « 2100 e brut », « 25k » (thousands); not the
# ordinal « 2e année ».
_EUROS = _NUMBER + r"(?:\s*(k)\b(?:\s*(?:€|euros?\b|eur\b|e\b))?|\s*€|\s*euros?\b|\s*eur\b|\s+e\b)"
# What the doctor may say about the assumptions, one clause at a time: (field, cue words, number pattern).
_CLAUSES = (
    ("employer_rate", re.compile(r"\b(?:cotisation|charge)"), re.compile(_NUMBER + r"\s*(?:%|pour ?cent)")),
    ("consultation_fee", re.compile(r"\b(?:consultation|tarif|acte|c|g)\b"), re.compile(_EUROS)),
    # a salary: cued by its words or its period (« 2100€/mois »); a bare number only right after « salaire » or
    # before « brut » (« salaire 2100 », « 2100 brut »)
    ("salary_gross_month", re.compile(r"\b(?:salaire|paye|payee|paie|payer|brut|remunere|remuneree)\b|"
                                      r"^(?!.*\b(?:aides?|montants?|touche\w*|verse\w*|percoi\w*|percevoir|forfait|"
                                      r"financement|prime|subvention)\b).*(?:\b(?:mensuel|annuel)|/\s?(?:mois|an)\b|"
                                      r"\bpar (?:mois|an)\b)"),
     re.compile(rf"{_EUROS}|\bsalaire\s+(?:brut\s+)?(?:de\s+|a\s+)?{_NUMBER}\b(?!\s*%)|{_NUMBER}\s+brut\b")),
    ("working_days", re.compile(r"\btravaill"), re.compile(_NUMBER + r"\s*jours?\b")),
)
# A salary given by the year (« 25k annuel », « 26 000 € brut par an »): the field is monthly.
_YEARLY = re.compile(r"\b(?:annuel\w*|par an|a l annee|sur l annee)\b|/\s?an\b")
_SPLIT = re.compile(r"[;?!]|,\s|\s(?:et|mais)\s|\.\s")


class Phrases(Strict):
    change: str        # how the doctor changes an assumption in the chat (each example read by `assumptions_said`)
    phrases: tuple[str, ...]


@cache
def _data() -> Phrases:
    return load_model(Path(str(resources.files("chatbot") / "data" / "budget.yaml")), Phrases)


@cache
def _phrases() -> tuple[str, ...]:
    return tuple(f" {normalize(p)} " for p in _data().phrases)


def change() -> str:
    """« Pour changer une hypothèse, dites-la : « salaire de 2 000 € brut »… »."""
    return _data().change


def asks_cost(norm: str) -> bool:
    """Whether the (normalised) text asks what the assistant costs the doctor."""
    padded = f" {norm} "
    return any(p in padded for p in _phrases())


def assumptions_said(raw: str) -> dict[str, Any]:
    """Salary, employer rate, consultation fee or working days stated in the doctor's words
    (« mon assistante à 1 900 € brut », « cotisations 42 % », « consultation à 31,50 € »)."""
    found: dict[str, Any] = {}
    for clause in _SPLIT.split(fold(raw).replace("'", " ")):
        for name, cue, pattern in _CLAUSES:
            number = pattern.search(clause)
            if name not in found and cue.search(clause) and number:
                digits, *unit = [g for g in number.groups() if g is not None]
                value = float(re.sub(r"[ \u00a0\u202f]", "", digits).replace(",", ".")) * (1000 if unit else 1)
                if name == "salary_gross_month" and _YEARLY.search(clause):
                    value = float(round(value / 12))
                found[name] = value / 100 if name == "employer_rate" else value
                break
    if "working_days" in found:
        found["working_days"] = int(found["working_days"]) if found["working_days"].is_integer() else found["working_days"]
    return found


@dataclass(frozen=True)
class CostTurn:
    """What the session shows and keeps after a cost question."""

    text: str
    changes: dict[str, Any] = field(default_factory=dict)   # assumptions to add to the profile
    ask_option: bool = False
    quick: tuple[QuickReply, ...] = ()


def _business() -> tuple[Any, Any]:
    """rules.business's `business_case` and rules.business_summary, imported when a cost is shown: ~15 ms
    that `amguide ask` need not pay for a question about anything else."""
    from rules import business_summary
    from rules.business import business_case

    return business_case, business_summary


def turn(profile: dict[str, Any], raw: str, on: dt.date, found: dict[str, Any] | None = None) -> CostTurn:
    """Answer « combien ça me coûte ? » for `profile` plus the facts `found` in the same sentence and what
    the doctor said about salary, contributions, fee or days; or ask for the option when none is chosen."""
    said = {**(found or {}), **assumptions_said(raw)}
    try:
        parsed = parse_profile({**profile, **said})
    except ProfileError as exc:
        return CostTurn(refused([(f, said.get(f, profile.get(f)), m) for f, m in zip(exc.fields, exc.messages)]))
    result = evaluate(parsed, on=on)
    business_case, business_summary = _business()
    if result.eligible == "no":
        return CostTurn("D'après votre profil, vous n'êtes pas éligible à l'aide : il n'y a pas de bilan « aide "
                        "contre coût » à faire (l'assistant serait entièrement à votre charge). Tapez « pourquoi » "
                        "pour le détail des critères.", said)
    case = business_case(parsed, on, result)
    if case is not None:
        return CostTurn(business_summary.to_markdown(case) + f"\n\n{change()} Tapez « pourquoi » pour la formule, les "
                        "entrées et la source de chaque chiffre.", said)
    open_options = [o for o in result.options if o.available and o.years]
    if parsed.option is None or parsed.option not in {o.option for o in open_options}:
        names = " ou ".join(o.label.lower() for o in open_options)
        return CostTurn(f"Pour chiffrer ce que l'assistant vous coûterait, quelle option envisagez-vous : {names} ?",
                        said, True, tuple(QuickReply(o.label, o.label) for o in open_options))
    return CostTurn(business_summary.NO_SALARY + " Dites par exemple « salaire de 1 900 € brut, combien ça me "
                    "coûte ? ».", said)


def section(profile: dict[str, Any], on: dt.date, result: Result) -> str:
    """The « Coût et équilibre » section to add under a result ('' while no option is chosen)."""
    business_case, business_summary = _business()
    case = business_case(parse_profile(profile), on, result)
    return f"\n\n{business_summary.to_markdown(case)}\n\n{change()}" if case else ""



def explain(profile: dict[str, Any], on: dt.date) -> str:
    """« Pourquoi ? » on the cost figures ('' when there is no business case)."""
    business_case, business_summary = _business()
    case = business_case(parse_profile(profile), on)
    return f"### Pourquoi ce coût ?\n\n{business_summary.explain(case)}" if case else ""
