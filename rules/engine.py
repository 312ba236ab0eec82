"""`evaluate(profile, on)`: choose the regime by signature date, then decide and compute, purely."""

import datetime as dt

from common.text import day
from rules.cabinet import Cabinet
from rules.centre import Centre
from rules.params import Parameter, shipped
from rules.profile import Profile
from rules.result import Criterion, Objectives, RegimeInfo, Result


def verdict(criteria: list[Criterion]) -> str:
    statuses = {c.status for c in criteria}
    return "no" if "not_met" in statuses else "unknown" if "unknown" in statuses else "yes"


def evaluate(profile: Profile, on: dt.date | None = None, params: dict[str, Parameter] | None = None) -> Result:
    """Eligibility, options and yearly amounts for `profile`, for a contract signed on its
    `signature_date` (default: `on`, default today). Pure: no I/O once parameters are loaded."""
    params = params or shipped()
    on = on or dt.date.today()
    signed = profile.signature_date or on
    centre = profile.structure == "centre_de_sante"
    regimes = params["centre_regimes" if centre else "regimes"]
    dated = regimes.at(signed)
    if dated is None:
        return _no_scheme(on, signed, params, centre)
    case = (Centre if centre else Cabinet)(params, profile, signed)
    criteria = case.criteria()
    options = case.options()
    objectives = case.objectives(options)
    warnings = case.extra_warnings(options)
    regime = RegimeInfo(dated.value.id, dated.value.label, dated.start, dated.source, dated.since)
    return Result(on, signed, regime, verdict(criteria), tuple(criteria), tuple(dict.fromkeys(case.missing)),
                  tuple(options), objectives, tuple(warnings))


def not_yet(when: dt.date, params: dict[str, Parameter] | None = None, centre: bool = False) -> str:
    """Why there is no aid on `when` (before its first contracts: « n'existait pas encore le 1er janvier 2018 »,
    or, once its text was signed, « pas encore en vigueur »), from the regimes' dates; '' from the first day on."""
    first = (params or shipped())["centre_regimes" if centre else "regimes"].history[0]
    if when >= first.start:
        return ""
    who = "aux centres de santé" if centre else "aux médecins libéraux"
    regime = first.value
    state = "n'était pas encore en vigueur" if regime.signed and when >= regime.signed else "n'existait pas encore"
    created = f"créée par l'{regime.short_label} (signé le {day(regime.signed)}), " if regime.signed else ""
    return (f"L'aide à l'emploi d'un assistant médical {state} {who} le {day(when)} : {created}elle s'applique aux "
            f"contrats signés {first.since}.")


def _no_scheme(on: dt.date, signed: dt.date, params: dict[str, Parameter], centre: bool) -> Result:
    first = params["centre_regimes" if centre else "regimes"].history[0]
    text = not_yet(signed, params, centre)
    criterion = Criterion("scheme", "Existence du dispositif", "not_met", text, (first.source,))
    return Result(on, signed, None, "no", (criterion,), (), (), Objectives("", (), ()))   # said once, by its criterion
