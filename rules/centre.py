"""Centres de santé: activity per doctor ETP, new centres, assistant ETP and amounts per ETP."""

import datetime as dt

from common.text import capitalised, day, eur, number
from rules.dates import add_years
from rules.params import Dated, Parameter
from rules.profile import Profile
from rules.result import Criterion, Objectives, OptionResult, Why, Year

TYPE_LABELS = {"generalistes": "uniquement des généralistes", "specialistes": "uniquement des spécialistes",
               "mixte": "des généralistes et des spécialistes"}
INDICATOR_LABELS = {"pmt": "patientèle médecin traitant adulte", "file_active": "file active"}


class Centre:
    """One evaluation of a centre de santé's profile at one signature date."""

    def __init__(self, params: dict[str, Parameter], profile: Profile, signed: dt.date) -> None:
        self.params, self.profile, self.signed = params, profile, signed
        self.missing: list[str] = []
        self.warnings: list[str] = []

    def at(self, name: str) -> Dated:
        return self.params[name].at(self.signed)

    @property
    def fte(self) -> float:
        return self.profile.assistant_fte or 1.0

    def criteria(self) -> list[Criterion]:
        return [self._activity(), self._assistant_fte()]

    def _activity(self) -> Criterion:
        dated, new = self.at("centre_thresholds"), self.at("centre_new")
        p, label = self.profile, "Activité du centre"
        src = (dated.source,)
        newly = (f", sauf s'il a été créé ou médicalisé depuis le {day(new.value.created_since)}")
        if p.centre_type is None:
            self.missing.append("centre_type")
            each = " ; ".join(f"{TYPE_LABELS[t]} : au moins {number(r.min_per_doctor_fte)} en "
                             f"{INDICATOR_LABELS[r.indicator]} par ETP de médecin"
                             for t in TYPE_LABELS for r in (getattr(dated.value, t),))
            return Criterion("activity", label, "unknown", f"Type de centre non précisé. Seuils selon les médecins "
                             f"employés — {each}{newly}.", src)
        rule = getattr(dated.value, p.centre_type)
        total = p.pmt if rule.indicator == "pmt" else p.file_active
        need = (f"Un centre employant {TYPE_LABELS[p.centre_type]} doit avoir au moins {number(rule.min_per_doctor_fte)} "
                f"en {INDICATOR_LABELS[rule.indicator]} par ETP de médecin")
        if p.doctor_fte is None or total is None:
            self.missing.extend(f for f, v in (("doctor_fte", p.doctor_fte), (rule.indicator, total)) if v is None)
            return Criterion("activity", label, "unknown", need + newly + ".", src)
        per_fte = total / p.doctor_fte
        if per_fte >= rule.min_per_doctor_fte:
            return Criterion("activity", label, "met",
                             f"{number(per_fte, 1)} par ETP de médecin ({number(total)} pour {number(p.doctor_fte, 2)} ETP) : "
                             f"seuil de {number(rule.min_per_doctor_fte)} atteint.", src)
        if p.centre_new:
            return Criterion("activity", label, "met",
                             f"Centre créé ou médicalisé depuis le {day(new.value.created_since)} : éligible sans seuil "
                             "de départ (objectif à 3 ans, voir les engagements).", (*src, new.source))
        if p.centre_new is None:
            self.missing.append("centre_new")
            return Criterion("activity", label, "unknown",
                             f"{number(per_fte, 1)} par ETP de médecin : sous le seuil de {number(rule.min_per_doctor_fte)}"
                             f"{newly}. Votre centre est-il récent ?", src)
        return Criterion("activity", label, "not_met",
                         f"{number(per_fte, 1)} par ETP de médecin : sous le seuil de {number(rule.min_per_doctor_fte)}.", src)

    def _assistant_fte(self) -> Criterion:
        dated = self.at("centre_fte")
        rule, p = dated.value, self.profile
        src, label = (dated.source,), "Volume d'assistants"
        asked = f"{number(self.fte, 2)} ETP d'assistant" + ("" if p.assistant_fte else " (valeur par défaut)")
        if rule.caveat:
            self.warnings.append(capitalised(rule.caveat) + ".")
            if self.fte > rule.max:
                return Criterion("assistant_fte", label, "unknown",
                                 f"{asked} : au-delà des {number(rule.max)} ETP financés par l'avenant 3 ; un texte "
                                 "plus récent peut le permettre (voir « À savoir »).", src)
        if not rule.min <= self.fte <= rule.max:
            return Criterion("assistant_fte", label, "not_met",
                             f"{asked} : l'aide couvre de {number(rule.min, 1)} à {number(rule.max)} ETP.", src)
        if p.doctor_fte is None:
            return Criterion("assistant_fte", label, "unknown",
                             f"{asked} : au plus {number(rule.max_per_doctor_fte, 1)} ETP d'assistant par ETP de "
                             "médecin ; ETP de médecins non précisé.", src)
        cap = rule.max_per_doctor_fte * p.doctor_fte
        ok = self.fte <= cap
        return Criterion("assistant_fte", label, "met" if ok else "not_met",
                         f"{asked} pour {number(p.doctor_fte, 2)} ETP de médecin (au plus "
                         f"{number(cap, 2)} ETP, soit {number(rule.max_per_doctor_fte, 1)} par ETP de médecin).", src)

    def options(self) -> list[OptionResult]:
        contract = self.at("contract").value
        years = []
        for k in range(1, contract.duration_years + 1):
            start = add_years(self.signed, k - 1)
            dated = self.params["centre_amounts"].at(start)
            row = dated.value
            per_fte, text = ((row.year_1, "1re année") if k == 1 else (row.year_2, "2e année") if k == 2 else
                             (row.year_3_plus_max, f"{k}e année : au plus, selon l'atteinte des objectifs"))
            amount = round(per_fte * self.fte)
            rule = f"{text} — {eur(per_fte)} par ETP × {number(self.fte, 2)} ETP"
            years.append(Year(k, start, amount, Why(dated.parameter, dated.start, rule, start, dated.source)))
        label = f"{number(self.fte, 2)} ETP d'assistant"
        return [OptionResult("centre_de_sante", label, self.fte, True, None, tuple(years))]

    def objectives(self, options: list[OptionResult]) -> Objectives:
        goals, new = self.at("centre_objectives"), self.at("centre_new")
        low, high = goals.value.increase_pct
        if self.profile.centre_new:
            summary = (f"Centre récent : atteindre en {new.value.within_years} ans une file active d'au moins "
                       f"{number(new.value.objective_file_active)} ou une patientèle médecin traitant d'au moins "
                       f"{number(new.value.objective_pmt)} par ETP de médecin.")
        else:
            summary = (f"Augmenter la patientèle de +{number(low)} % à +{number(high)} % en "
                       f"{goals.value.within_years} ans (contrat type de 5 ans).")
        details = (f"Poste non substitutif : si la personne recrutée travaille déjà au centre (par exemple comme "
                   f"secrétaire), son poste d'origine doit être pourvu dans les {goals.value.replacement_months} mois.",
                   capitalised(goals.value.reference_dates) + ".")
        return Objectives(summary, details, (goals.source, new.source))

    def extra_warnings(self, options: list[OptionResult]) -> list[str]:
        contract = self.at("contract").value
        caveat = self.at("centre_amounts").value.caveat
        warnings = [f"Montants calculés en supposant les objectifs atteints à partir de la "
                    f"{contract.objectives_from_year}e année (montant maximal)."]
        if caveat:
            warnings.append(capitalised(caveat) + ".")
        return warnings + self.warnings
