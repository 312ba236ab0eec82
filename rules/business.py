"""The business case: what the assistant costs, what the aid pays (taken from `evaluate`), the net
cost and the extra consultations that pay for it. Pure functions; every figure says how it is made."""

import datetime as dt
import math
from dataclasses import dataclass

from common.text import day, eur, number
from rules.engine import evaluate
from rules.params import Dated, Parameter, Source, shipped
from rules.profile import Profile
from rules.result import OptionResult, Result


@dataclass(frozen=True, slots=True)
class Assumption:
    """One input of the business case: its value, where it comes from, or that it is assumed."""

    key: str
    value: float | None
    label: str
    source: Source | None
    assumed: bool
    typed: bool = False


@dataclass(frozen=True, slots=True)
class CostYear:
    year: int
    starts: dt.date
    salary_eur: int
    contributions_eur: int
    cost_eur: int
    aid_eur: int
    net_eur: int
    cumulative_net_eur: int
    break_even_consultations: int | None


@dataclass(frozen=True, slots=True)
class BreakEven:
    consultations_per_year: int | None
    consultations_per_week: float | None
    consultations_per_day: float | None
    consultation_fee_eur: float | None
    basis_eur: int
    commitment: str


@dataclass(frozen=True, slots=True)
class BusinessCase:
    option: str
    label: str
    fte: float
    assumptions: tuple[Assumption, ...]
    years: tuple[CostYear, ...]
    break_even: BreakEven
    explanations: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def total_cost_eur(self) -> int:
        return sum(y.cost_eur for y in self.years)

    @property
    def total_aid_eur(self) -> int:
        return sum(y.aid_eur for y in self.years)

    @property
    def total_net_eur(self) -> int:
        return sum(y.net_eur for y in self.years)

    def assumption(self, key: str) -> Assumption:
        return next(a for a in self.assumptions if a.key == key)

    def to_dict(self) -> dict:
        """The `business_case` object of ../shared/CONTRACT.md, plus `explanations` and `notes`."""
        def source(s: Source | None) -> dict | None:
            return s and {"title": s.title, "url": s.url, "date": s.date.isoformat() if s.date else None}

        be = self.break_even
        return {
            "option": self.option, "label": self.label, "fte": self.fte,
            "assumptions": [{"key": a.key, "value": a.value, "label": a.label, "source": source(a.source),
                             "assumed": a.assumed, "typed": a.typed} for a in self.assumptions],
            "years": [{"year": y.year, "starts": y.starts.isoformat(), "salary_eur": y.salary_eur,
                       "contributions_eur": y.contributions_eur, "cost_eur": y.cost_eur, "aid_eur": y.aid_eur,
                       "net_eur": y.net_eur, "cumulative_net_eur": y.cumulative_net_eur,
                       "break_even_consultations": y.break_even_consultations} for y in self.years],
            "total": {"cost_eur": self.total_cost_eur, "aid_eur": self.total_aid_eur, "net_eur": self.total_net_eur},
            "break_even": {"consultations_per_year": be.consultations_per_year,
                           "consultations_per_week": be.consultations_per_week,
                           "consultations_per_day": be.consultations_per_day,
                           "consultation_fee_eur": be.consultation_fee_eur,
                           "basis_eur": be.basis_eur, "commitment": be.commitment},
            "explanations": list(self.explanations),
            "notes": list(self.notes),
        }


def chosen_option(profile: Profile, result: Result) -> OptionResult | None:
    """The option the business case is about: the one chosen (a centre has only one), if it pays."""
    if result.eligible == "no":
        return None
    if profile.structure == "centre_de_sante":
        option = result.options[0] if len(result.options) == 1 else None
    else:
        option = result.option(profile.option) if profile.option else None
    return option if option is not None and option.available and option.years else None


def business_case(profile: Profile, on: dt.date | None = None, result: Result | None = None,
                  params: dict[str, Parameter] | None = None) -> BusinessCase | None:
    """Cost, aid, net and break-even for the chosen option, or None (no option chosen, not eligible,
    or no salary known on that date). `result` is `evaluate(profile, on)` when the caller has it."""
    params = params or shipped()
    on = on or dt.date.today()
    result = result or evaluate(profile, on=on, params=params)
    option = chosen_option(profile, result)
    if option is None:
        return None
    salary = _salary(profile, params["assistant_salary"], on)
    if salary is None:
        return None
    gross_month, months, salary_assumption = salary
    rate = _rate(profile, params["employer_contributions"].at(on))
    fee = _fee(profile, params["consultation_fee"].at(on))
    days, days_per_week = _days(profile, params["working_days"].at(on))
    training = _training(params["training_funding"].at(on))
    fte = option.fte

    years, cumulative = [], 0
    for y in option.years:
        salary_eur = _whole(gross_month * months * fte)
        contributions = _whole(salary_eur * rate.value)
        cost = salary_eur + contributions
        net = cost - y.amount_eur
        cumulative += net
        per_year = _consultations(net, fee.value)
        years.append(CostYear(y.year, y.starts, salary_eur, contributions, cost, y.amount_eur, net, cumulative, per_year))

    total_net = sum(y.net_eur for y in years)
    basis = math.ceil(total_net / len(years)) if years else 0
    per_year = _consultations(basis, fee.value)
    days_per_year = days.value
    per_day = None if per_year is None else _tenth(per_year / days_per_year)
    per_week = None if per_day is None else _tenth(per_year / days_per_year * days_per_week)
    break_even = BreakEven(per_year, per_week, per_day, fee.value, basis, result.objectives.summary)

    assumptions = tuple(a for a in (salary_assumption, rate, fee, days, training) if a is not None)
    case = BusinessCase(option.option, option.label, fte, assumptions, tuple(years), break_even, (), ())
    why = _explanations(case, option, gross_month, months, days_per_week)
    return BusinessCase(option.option, option.label, fte, assumptions, case.years, break_even, why, _notes(case))


def _whole(value: float) -> int:
    """Whole euros, halves rounded up as on a payslip (Python's round() would round 0.5 to even)."""
    return math.floor(value + 0.5)


def _tenth(value: float) -> float:
    return math.floor(value * 10 + 0.5) / 10


def _consultations(net: int, fee: float | None) -> int | None:
    """Whole consultations needed to pay `net` (0 when the aid covers the cost)."""
    if fee is None:
        return None
    return max(0, math.ceil(net / fee))


def _salary(profile: Profile, param: Parameter, on: dt.date) -> tuple[float, int, Assumption] | None:
    """The full-time gross monthly salary (typed, or the grid's minimum in force on `on`) and the
    months paid per year (from the grid, its first version when the date precedes it)."""
    dated = param.at(on)
    grid = dated.value if dated else None
    if profile.salary_gross_month is not None:
        months = (grid or param.history[0].value).months
        label = f"Salaire brut mensuel à temps plein que vous avez indiqué : {_money(profile.salary_gross_month)}"
        if grid is not None and profile.salary_gross_month < grid.gross_month:   # a typo (0,01 €) is not a salary
            label += f" — en dessous du minimum de la grille ({_money(grid.gross_month)}) : vérifiez ce montant"
        return profile.salary_gross_month, months, Assumption("salary_gross_month", profile.salary_gross_month, label,
                                                              None, False, True)
    if grid is None:
        return None
    upper = f" (la grille va jusqu'à {_money(grid.gross_month_max)} selon le niveau)" if grid.gross_month_max else ""
    label = (f"Salaire brut mensuel à temps plein : {_money(grid.gross_month)}, minimum de la grille de la "
             f"convention collective du personnel des cabinets médicaux en vigueur depuis le {day(dated.start)}"
             f"{upper} ; des revalorisations plus récentes de la grille peuvent exister")
    return grid.gross_month, grid.months, Assumption("salary_gross_month", grid.gross_month, label, dated.source, False)


def _rate(profile: Profile, dated: Dated) -> Assumption:
    if profile.employer_rate is not None:
        return Assumption("employer_rate", profile.employer_rate,
                          f"Cotisations patronales que vous avez indiquées : {_pct(profile.employer_rate)} du brut",
                          None, False, True)
    value = dated.value
    label = f"Cotisations patronales : {_pct(value.rate)} du brut"
    if value.assumed:
        label += " — hypothèse à ajuster avec votre comptable"
    return Assumption("employer_rate", value.rate, label, None if value.assumed else dated.source, value.assumed)


def _fee(profile: Profile, dated: Dated | None) -> Assumption:
    if profile.consultation_fee is not None:
        return Assumption("consultation_fee", profile.consultation_fee,
                          f"Tarif de consultation que vous avez indiqué : {_money(profile.consultation_fee)}",
                          None, False, True)
    fees = dated.value if dated and dated.value else []
    found = next((f for f in fees if profile.specialty in f.specialties and profile.sector in f.sectors), None)
    if found is None:
        return Assumption("consultation_fee", None,
                          "Tarif de consultation : nos sources ne le donnent pas pour votre spécialité et votre "
                          "secteur ; indiquez le vôtre pour calculer l'équilibre", None, False)
    return Assumption("consultation_fee", found.amount,
                      f"Tarif de consultation : {_money(found.amount)} ({found.label}, depuis le {day(dated.start)})",
                      dated.source, False)


def _days(profile: Profile, dated: Dated) -> tuple[Assumption, int]:
    """Days worked per year (typed or assumed) and per week (to turn days into weeks)."""
    value = dated.value
    if profile.working_days is not None:
        return Assumption("working_days", profile.working_days,
                          f"Jours travaillés par an que vous avez indiqués : {profile.working_days}", None, False,
                          True), value.days_per_week
    label = (f"Jours travaillés par an : {value.days_per_year} ({value.days_per_week} jours par semaine) — "
             "hypothèse à ajuster")
    return Assumption("working_days", value.days_per_year, label, None if value.assumed else dated.source,
                      value.assumed), value.days_per_week


def _training(dated: Dated | None) -> Assumption | None:
    if dated is None or dated.value is None:
        return None
    value = dated.value
    label = (f"Formation de l'assistant (coût pédagogique) : {eur(value.doctor_cost_eur)} à votre charge — financée "
             f"par {value.funder} d'après la source du {day(dated.reference.date or dated.start)} ; {value.note}")
    return Assumption("training_cost", value.doctor_cost_eur, label, dated.source, False)


def _explanations(case: BusinessCase, option: OptionResult, gross_month: float, months: int,
                  days_per_week: int) -> tuple[str, ...]:
    """« Pourquoi ? » for each figure: formula, inputs, source."""
    rate = case.assumption("employer_rate").value
    fee = case.break_even.consultation_fee_eur
    lines = []
    for y, aid in zip(case.years, option.years):
        lines.append(
            f"Année {y.year} : salaire = {_money(gross_month)} × {months} mois × {number(case.fte, 3)} ETP = "
            f"{eur(y.salary_eur)} ; cotisations = {eur(y.salary_eur)} × {_pct(rate)} = {eur(y.contributions_eur)} ; "
            f"coût = {eur(y.cost_eur)} ; aide = {eur(y.aid_eur)} ({aid.why.rule}, montants en vigueur depuis le "
            f"{day(aid.why.in_force_since)} ; source : {aid.why.source.title}) ; reste à charge = {eur(y.cost_eur)} − {eur(y.aid_eur)} = {eur(y.net_eur)} ; "
            f"cumul = {eur(y.cumulative_net_eur)}.")
    lines.append(f"Totaux sur {len(case.years)} ans (somme des années) : coût {eur(case.total_cost_eur)}, aide "
                 f"{eur(case.total_aid_eur)} (total de l'option), reste à charge {eur(case.total_cost_eur)} − "
                 f"{eur(case.total_aid_eur)} = {eur(case.total_net_eur)}.")
    be = case.break_even
    if fee is not None:
        days = case.assumption("working_days").value
        lines.append(
            f"Équilibre : reste à charge moyen par an = {eur(case.total_net_eur)} ÷ {len(case.years)} ans = "
            f"{eur(be.basis_eur)} ; ÷ {_money(fee)} par consultation = {number(be.consultations_per_year)} "
            f"consultations par an (arrondi au-dessus) ; ÷ {number(days)} jours travaillés = "
            f"{number(be.consultations_per_day, 1)} par jour ; × {days_per_week} jours = "
            f"{number(be.consultations_per_week, 1)} par semaine.")
    for a in case.assumptions:
        if a.source is not None:
            lines.append(f"{a.label} (source : {a.source.title}" + (f" — {a.source.url}" if a.source.url else "") + ").")
        else:
            lines.append(f"{a.label}.")
    return tuple(lines)


def _notes(case: BusinessCase) -> tuple[str, ...]:
    """Plain-French caveats shown under the table."""
    notes = ["Le coût suppose le même salaire chaque année (hors ancienneté, primes et revalorisations) ; "
             "l'aide est celle de la simulation, objectifs supposés atteints (voir « À savoir »)."]
    if case.break_even.consultation_fee_eur is None:
        notes.append("Indiquez votre tarif de consultation (consultation_fee) pour calculer l'équilibre.")
    return tuple(notes)


def _money(value: float) -> str:
    """« 1 815,79 € » (cents kept), « 30 € »."""
    return f"{number(value, 0 if float(value).is_integer() else 2)}\u00a0€"


def _pct(rate: float) -> str:
    return f"{number(rate * 100, 1)}\u00a0%"
