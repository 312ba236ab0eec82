"""Liberal doctors (cabinet): eligibility criteria, options and yearly amounts under A7, RA2023 and C2024."""

import datetime as dt
from functools import cached_property

from common.text import capitalised, day, definite, fold, number
from rules import specialties
from rules.dates import add_years
from rules.params import Dated, Parameter
from rules.profile import Profile
from rules.result import Criterion, Objectives, OptionResult, Why, Year

OPTIONS = ("tiers_temps", "mi_temps", "temps_plein")
ZONE_NAMES = {"zip": "zone d'intervention prioritaire (ZIP)", "zac": "zone d'action complémentaire (ZAC)",
              "hors_zone": "hors zone sous-dense"}


class Cabinet:
    """One evaluation of a liberal doctor's profile at one signature date."""

    def __init__(self, params: dict[str, Parameter], profile: Profile, signed: dt.date) -> None:
        self.params, self.profile, self.signed = params, profile, signed
        self.specialty = specialties.by_id(profile.specialty) if profile.specialty else None
        self.missing: list[str] = []
        self.warnings: list[str] = []

    def at(self, name: str) -> Dated:
        return self.params[name].at(self.signed)

    # ------------------------------------------------------------------ criteria
    def criteria(self) -> list[Criterion]:
        found = [self._specialty(), self._sector(), self._clinical_fees(),
                 self._grouped(), self._coordinated(), self._activity()]
        return [c for c in found if c is not None]

    def _specialty(self) -> Criterion:
        dated = self.at("excluded_specialties")
        if self.specialty is None:
            self.missing.append("specialty")
            return Criterion("specialty", "Spécialité", "unknown", "Spécialité non précisée.", (dated.source,))
        name = capitalised(definite(self.specialty.label))
        plural = name.startswith("Les ")
        if self.specialty.id in dated.value:
            if fold(self.specialty.practitioner) not in fold(self.specialty.label):   # « (radiologue) »: the doctor's word
                name += f" ({self.specialty.practitioner})"
            since = self.params["excluded_specialties"].since(self.signed)
            self._unattested(since, "cette exclusion")
            text = (f"{name} {'font' if plural else 'fait'} partie des spécialités « essentiellement techniques » "
                    f"exclues de l'aide {since.since}.")
            return Criterion("specialty", "Spécialité", "not_met", text, tuple(dict.fromkeys((since.source, dated.source))))
        verb = "ne sont" if plural else "n'est"
        text = f"{name} {verb} pas une spécialité exclue."
        return Criterion("specialty", "Spécialité", "met", text, (dated.source,))

    def _unattested(self, since: Dated, what: str) -> None:
        """Warn when the contract falls between a value's assumed start and its first dated source."""
        if since.attested_from and self.signed < since.attested_from:
            self.warnings.append(
                f"Contrat signé le {day(self.signed)} : nos sources n'attestent {what} qu'à partir du "
                f"{day(since.attested_from)} ({since.reference.title}) ; pour un contrat signé avant, "
                "faites confirmer la règle par votre CPAM.")

    def _sector(self) -> Criterion:
        dated = self.at("eligible_sectors")
        rule, p = dated.value, self.profile
        src = (dated.source,)
        if p.sector is None and p.optam and rule.sector_2_requires_optam:
            # OPTAM is an option of conventioned doctors (secteur 2, or secteur 1 with its titles): either way the
            # sector condition holds, and « l'OPTAM-CO compte ? » gets it said
            return Criterion("sector", "Secteur conventionnel", "met",
                             "Adhérent à l'OPTAM (ou à l'OPTAM-CO) : condition remplie, l'aide étant ouverte au "
                             "secteur 1 et au secteur 2 avec OPTAM ou OPTAM-CO.", src)
        if p.sector is None:
            self.missing.append("sector")
            if p.optam is False and rule.sector_2_requires_optam:
                return Criterion("sector", "Secteur conventionnel", "unknown",
                                 "Secteur non précisé : sans OPTAM, la condition est remplie en secteur 1 ; en "
                                 "secteur 2, l'aide suppose l'adhésion à l'OPTAM ou à l'OPTAM-CO.", src)
            return Criterion("sector", "Secteur conventionnel", "unknown", "Secteur non précisé.", src)
        if p.sector not in rule.sectors:
            return Criterion("sector", "Secteur conventionnel", "not_met",
                             "L'aide est réservée aux médecins conventionnés en secteur 1, ou en secteur 2 "
                             "avec adhésion à l'OPTAM ou à l'OPTAM-CO.", src)
        if p.sector == "2" and rule.sector_2_requires_optam:
            if p.optam is None:
                self.missing.append("optam")
                return Criterion("sector", "Secteur conventionnel", "unknown",
                                 "En secteur 2, l'aide suppose l'adhésion à l'OPTAM ou à l'OPTAM-CO : "
                                 "adhérez-vous ?", src)
            if not p.optam:
                return Criterion("sector", "Secteur conventionnel", "not_met",
                                 "En secteur 2 sans adhésion à l'OPTAM ou à l'OPTAM-CO, vous n'êtes pas éligible ; "
                                 "seuls le secteur 1 et le secteur 2 avec OPTAM ouvrent droit à l'aide.", src)
            return Criterion("sector", "Secteur conventionnel", "met",
                             "Secteur 2 avec adhésion à l'OPTAM ou à l'OPTAM-CO, condition remplie.", src)
        return Criterion("sector", "Secteur conventionnel", "met", "Secteur 1, condition remplie.", src)

    def _clinical_fees(self) -> Criterion | None:
        dated = self.at("surgical_rule")
        rule = dated.value
        if rule is None or self.specialty is None or self.specialty.group not in rule.groups:
            return None
        share, need = self.profile.clinical_fee_share, rule.min_clinical_fee_share
        since = self.params["surgical_rule"].since(self.signed)
        self._unattested(since, "la règle des honoraires cliniques")
        src = (since.source,)
        label = "Part d'honoraires cliniques"
        needed = (f"un chirurgien, un ORL ou un gynécologue doit tirer au moins {number(need * 100)} % de ses "
                  f"honoraires d'actes cliniques (actes techniques CCAM : moins de {number(100 - need * 100)} %) "
                  f"sur les {rule.window_months} mois précédant la signature")
        if share is None:
            self.missing.append("clinical_fee_share")
            return Criterion("clinical_fees", label, "unknown", capitalised(needed) + ".", src)
        ok = share >= need
        return Criterion("clinical_fees", label, "met" if ok else "not_met",
                         f"Vos honoraires cliniques font {number(share * 100, 1)} % du total ; {needed}.", src)

    @staticmethod
    def _lifted(dated: Dated, criterion: str, label: str, named: bool) -> Criterion | None:
        """A condition the regime no longer sets: said (as met) only when the doctor spoke of it, so that
        « je suis seul au cabinet » gets « plus exigé depuis… » rather than silence."""
        if not named:
            return None
        return Criterion(criterion, label, "met", f"Plus exigé pour les contrats signés {dated.since} "
                                                  f"({dated.source.title}).", (dated.source,))

    def _grouped(self) -> Criterion | None:
        dated = self.at("grouped_practice")
        rule, p = dated.value, self.profile
        if rule is None:
            return self._lifted(dated, "grouped_practice", "Exercice regroupé", p.doctors_in_practice is not None)
        src, label = (dated.source,), "Exercice regroupé"
        if p.doctors_in_practice is None:
            self.missing.append("doctors_in_practice")
            return Criterion("grouped_practice", label, "unknown", "Nombre de médecins du cabinet non précisé.", src)
        if p.doctors_in_practice >= rule.min_doctors:
            return Criterion("grouped_practice", label, "met",
                             f"Cabinet de {p.doctors_in_practice} médecins (au moins {rule.min_doctors} exigés).", src)
        zones = " ou ".join(z.upper() for z in rule.isolated_allowed_zones)
        if p.zone is None:
            self.missing.append("zone")
            return Criterion("grouped_practice", label, "unknown",
                             f"Seul dans votre cabinet : l'aide n'est possible qu'en {zones}. Votre zone ?", src)
        ok = p.zone in rule.isolated_allowed_zones
        if ok and rule.isolated_generalists_only and (self.specialty is None or self.specialty.group != "generaliste"):
            self.warnings.append("L'exception des médecins exerçant seuls en ZIP ou en ZAC n'est attestée par nos "
                                 "sources que pour les généralistes : demandez à votre CPAM si elle vaut pour votre "
                                 "spécialité.")
            return Criterion("grouped_practice", label, "unknown",
                             f"Seul dans votre cabinet, vous exercez en {ZONE_NAMES[p.zone]} : l'exception pour les "
                             "médecins isolés est attestée pour les généralistes ; pour les autres spécialités, nos "
                             "sources ne le disent pas.", src)
        text = (f"Seul dans votre cabinet, vous exercez en {ZONE_NAMES[p.zone]} : "
                + ("l'exception pour les médecins isolés s'applique." if ok else
                   f"il faut un cabinet d'au moins {rule.min_doctors} médecins, ou exercer seul en {zones}."))
        return Criterion("grouped_practice", label, "met" if ok else "not_met", text, src)

    def _coordinated(self) -> Criterion | None:
        dated = self.at("coordinated_practice")
        rule = dated.value
        if rule is None:
            return self._lifted(dated, "coordinated_practice", "Exercice coordonné",
                                self.profile.coordinated_practice is not None)
        src, label = (dated.source,), "Exercice coordonné"
        value = self.profile.coordinated_practice
        if value is None:
            self.missing.append("coordinated_practice")
            return Criterion("coordinated_practice", label, "unknown", "Exercice coordonné non précisé.", src)
        if value:
            return Criterion("coordinated_practice", label, "met",
                             "Vous exercez de façon coordonnée (MSP, ESP, CPTS, centre de santé…).", src)
        self.warnings.append(f"Sous l'avenant 7, vous devez vous engager à rejoindre un exercice coordonné "
                             f"(MSP, ESP, CPTS…) dans les {rule.grace_years} ans suivant la signature.")
        return Criterion("coordinated_practice", label, "met",
                         f"Pas encore d'exercice coordonné, condition remplie si vous vous engagez à en rejoindre "
                         f"un dans les {rule.grace_years} ans.", src)

    def _activity(self) -> Criterion:
        dated = self.at("activity_threshold")
        rule, p = dated.value, self.profile
        src, label = (dated.source,), "Seuil d'activité"
        if p.newly_installed and rule.newly_installed_exempt:
            return Criterion("activity", label, "met",
                             "Nouvel installé : vous êtes dispensé du seuil d'activité (objectif : atteindre la "
                             "médiane de votre spécialité).", src)
        generalist = self.specialty is not None and self.specialty.group == "generaliste"
        if rule.above_percentile is None:
            return self._activity_count(rule, generalist, src)
        floor = number(rule.above_percentile)
        if p.percentile is None:
            self.missing.append("percentile")
            text = (f"Il faut une activité au-dessus du {floor}e percentile (P{floor}) de votre spécialité "
                    "(patientèle médecin traitant pour un généraliste, file active pour les autres).")
            if generalist and p.pmt is not None and rule.gp_indicative_pmt:
                above = p.pmt > rule.gp_indicative_pmt
                text += (f" À titre indicatif seulement, le seuil publié est d'environ "
                         f"{number(rule.gp_indicative_pmt)} {rule.gp_population} : avec "
                         f"{number(p.pmt)} patients, vous êtes probablement {'au-dessus' if above else 'en dessous'}."
                         " Votre CPAM confirme votre percentile.")
                self.warnings.append("Seuil d'activité estimé à titre indicatif d'après votre patientèle : "
                                     "seul votre percentile, connu de la CPAM, fait foi.")
            return Criterion("activity", label, "unknown", text, src)
        if p.percentile > rule.above_percentile:
            return Criterion("activity", label, "met",
                             f"Votre activité (P{number(p.percentile, 1)}) dépasse le {floor}e percentile.", src)
        return self._below(f"Votre activité (P{number(p.percentile, 1)}) ne dépasse pas le {floor}e percentile "
                           "de votre spécialité", rule, src)

    def _activity_count(self, rule, generalist: bool, src: tuple) -> Criterion:
        """A regime whose threshold is a count for generalists (avenant 7), not a percentile: say what the
        sources give, and leave unknown what they do not (the specialists' thresholds)."""
        label, p = "Seuil d'activité", self.profile
        counted = generalist and rule.gp_min_pmt is not None and p.pmt is not None
        if not counted and p.percentile is not None and rule.estimate_above_percentile is not None \
                and p.percentile > rule.estimate_above_percentile:
            floor = number(rule.estimate_above_percentile)
            self.warnings.append(f"Seuil d'activité de l'avenant 7 estimé d'après votre percentile (au-dessus du "
                                 f"{floor}e) : {rule.note}. Votre CPAM confirme.")
            return Criterion("activity", label, "met",
                             f"Votre activité (P{number(p.percentile, 1)}) dépasse le {floor}e percentile, le seuil "
                             "retenu depuis 2023 : sous l'avenant 7, le seuil est un effectif "
                             f"({'plus de ' + number(rule.gp_min_pmt) + ' ' + rule.gp_population if generalist and rule.gp_min_pmt else 'file active minimale par spécialité'})"
                             ", que votre CPAM confirme.", src)
        if not generalist or rule.gp_min_pmt is None:
            if self.specialty is None and "specialty" not in self.missing:
                self.missing.append("specialty")
            return Criterion("activity", label, "unknown", capitalised(rule.note) + ". Demandez votre seuil à "
                             "votre CPAM.", src)
        need = f"plus de {number(rule.gp_min_pmt)} {rule.gp_population}"
        if p.pmt is None:
            self.missing.append("pmt")
            return Criterion("activity", label, "unknown",
                             f"Sous ce régime, un généraliste doit avoir {need} ; dérogations : {rule.derogations}."
                             " Votre patientèle médecin traitant ?", src)
        if p.pmt > rule.gp_min_pmt:
            return Criterion("activity", label, "met",
                             f"{number(p.pmt)} patients médecin traitant : {need} exigés (comptez vos seuls patients "
                             "adultes).", src)
        return self._below(f"{number(p.pmt)} patients médecin traitant : il en faut {need} (dérogations : "
                           f"{rule.derogations})", rule, src)

    def _below(self, text: str, rule, src: tuple) -> Criterion:
        if self.profile.newly_installed is None and rule.newly_installed_exempt:
            self.missing.append("newly_installed")
            return Criterion("activity", "Seuil d'activité", "unknown",
                             f"{text} ; condition remplie seulement si vous êtes nouvel installé (dispensé du seuil).",
                             src, unless="vous êtes nouvel installé")
        return Criterion("activity", "Seuil d'activité", "not_met", text + ".", src)

    # ------------------------------------------------------------------ options and amounts
    def options(self) -> list[OptionResult]:
        return [self._option(option_id) for option_id in OPTIONS]

    def _option(self, option_id: str) -> OptionResult:
        dated = self.at(f"option_{option_id}")
        opened = self.params[f"option_{option_id}"].history
        if dated is None or dated.value is None:
            last = next((d.value for d in reversed(opened) if d.value), None)
            closer = self.params["regimes"].value_at(dated.start) if dated else None
            reason = (f"Option fermée aux nouveaux contrats depuis le {day(dated.start)}"
                      f"{f' ({closer.label})' if closer else ''}." if dated else "Option inexistante à cette date.")
            return OptionResult(option_id, last.label if last else option_id, last.fte if last else 0, False, reason)
        option = dated.value
        if option.zones is not None and self.profile.zone not in option.zones:
            zones = ", ".join(ZONE_NAMES[z] for z in option.zones)
            if self.profile.zone is None and "zone" not in self.missing:
                self.missing.append("zone")
            reason = (f"Sous ce régime, le {option.label.lower()} est réservé aux médecins exerçant en {zones}"
                      + (" : précisez votre zone." if self.profile.zone is None else "."))
            return OptionResult(option_id, option.label, option.fte, False, reason)
        return OptionResult(option_id, option.label, option.fte, True, None, self._years(option_id))

    @cached_property
    def _year_rules(self) -> tuple[tuple[int, dt.date, str, str], ...]:
        """For each contract year: its number, start, the amounts column that applies, and why."""
        bands, percentile = self.params["activity_bands"], self.profile.percentile
        rules = []
        for k in range(1, self.at("contract").value.duration_years + 1):
            start = add_years(self.signed, k - 1)
            band = bands.value_at(start)
            if percentile is not None and percentile >= band.flat_from:
                column, text = "every_year_p95", f"activité ≥ P{number(band.flat_from)} : montant de 1re année chaque année"
            elif k <= 2:
                column, text = f"year_{k}", f"{k}{'re' if k == 1 else 'e'} année"
            elif percentile is not None and percentile >= band.majorated_from:
                column, text = ("year_3_plus_p90_p95", f"{k}e année, activité entre P{number(band.majorated_from)} "
                                f"et P{number(band.flat_from)} : aide majorée")
            else:
                column, text = "year_3_plus", "3e année" if k == 3 else f"{k}e année, au montant de la 3e année et suivantes"
            rules.append((k, start, column, text))
        return tuple(rules)

    def _years(self, option_id: str) -> tuple[Year, ...]:
        amounts = self.params[f"amounts_{option_id}"]
        years = []
        signed = amounts.at(self.signed)
        for k, start, column, text in self._year_rules:
            dated = amounts.at(start)
            amount = getattr(dated.value, column)
            before = getattr(signed.value, column) if signed and signed.value and dated.start > signed.start else None
            years.append(Year(k, start, amount, Why(dated.parameter, dated.start, text, start, dated.source),
                              before if before != amount else None))
        return tuple(years)

    # ------------------------------------------------------------------ objectives and warnings
    def objectives(self, options: list[OptionResult]) -> Objectives:
        dated = self.at("objectives")
        rule, p = dated.value, self.profile
        bands = self.params["activity_bands"].value_at(self.signed)
        details = [f"Indicateurs suivis : {rule.indicators}."]
        sources = [dated.source]
        def shown(o: OptionResult) -> bool:   # the chosen option's range only, else every open option's
            return o.option == p.option if p.option else o.available

        maintained = ((p.percentile is not None and p.percentile >= bands.flat_from) or p.newly_installed
                      or (rule.senior is not None and p.age is not None and p.age >= rule.senior.from_age))
        if rule.increase_pct:
            for o in options:
                if o.option in rule.increase_pct and shown(o):
                    low, high = rule.increase_pct[o.option]
                    details.append(f"{o.label} : augmentation de +{number(low, 1)} % à +{number(high, 1)} % "
                                   f"selon votre patientèle de départ ({rule.increase_note})"
                                   f"{'' if maintained else self._patients(low, high)}.")
        else:
            regime = self.params["regimes"].value_at(self.signed)
            details.append(f"Pas de barème public des objectifs dans nos sources pour ce régime"
                           f"{f' ({regime.label})' if regime else ''} ; {rule.increase_note}.")
            older = None if maintained else self._older_scale(dated)
            if older is not None:
                sources.append(older.source)
                for o in options:
                    if o.option in older.value.increase_pct and shown(o):
                        low, high = older.value.increase_pct[o.option]
                        details.append(f"{o.label} : à titre indicatif seulement, l'ancien barème ({self._scale_of(older)}) "
                                       f"demandait +{number(low, 1)} % à +{number(high, 1)} % selon la patientèle de "
                                       f"départ{self._patients(low, high)} ; il ne s'applique pas à un contrat signé "
                                       f"le {day(self.signed)}.")
        if rule.example:
            details.append(f"Exemple publié : {rule.example}.")
        personal = "Augmenter votre patientèle en contrepartie de l'aide."
        if p.percentile is not None and p.percentile >= bands.flat_from:
            personal = (f"Au-delà du P{number(bands.flat_from)}, l'engagement est de maintenir votre patientèle "
                        "(pas d'augmentation demandée).")
        elif p.newly_installed:
            ni = rule.newly_installed
            personal = (f"Nouvel installé : atteindre la médiane (P{number(ni.target_percentile)}) de votre "
                        f"spécialité en {ni.within_years} ans, puis {ni.then_years} an{'s' if ni.then_years > 1 else ''} "
                        "pour le nouvel objectif.")
        if rule.senior and p.age is not None and p.age >= rule.senior.from_age:
            personal = (f"À {p.age} ans (dès {rule.senior.from_age} ans) : maintenir votre patientèle, avec une "
                        f"tolérance de −{number(rule.senior.tolerance_pct)} %.")
        elif rule.senior:
            details.append(f"Dès {rule.senior.from_age} ans : simple maintien de la patientèle, tolérance "
                           f"−{number(rule.senior.tolerance_pct)} %.")
        details.append("L'objectif chiffré est fixé au contrat par votre CPAM ; le simulateur d'ameli.fr "
                       "l'estime pour votre patientèle.")
        return Objectives(personal, tuple(details), tuple(sources))

    def _patients(self, low: float, high: float) -> str:
        """« , soit +51 à +213 patients pour vos 850 patients médecin traitant »: a range applied to the count the
        doctor gave (patientèle médecin traitant for a generalist, file active otherwise); empty without one."""
        p = self.profile
        # a patientèle médecin traitant given without a specialty is most likely a generalist's
        generalist = self.specialty is None or self.specialty.group == "generaliste"
        count, what = ((p.pmt, "patients médecin traitant") if generalist and p.pmt is not None
                       else (p.file_active, "patients en file active"))
        if not count:
            return ""
        def share(pct: float) -> str:
            return number(int(count * pct / 100 + 0.5))   # half up, as a doctor rounds

        return (f", soit environ +{share(low)} à +{share(high)} patients "
                f"pour vos {number(count)} {what}")

    def _older_scale(self, current: Dated) -> Dated | None:
        """The latest earlier objectives that had a published scale (the avenant 7's ranges), if any."""
        history = self.params["objectives"].history
        earlier = [d for d in history if d.start < current.start and d.value.increase_pct]
        return earlier[-1] if earlier else None

    def _scale_of(self, older: Dated) -> str:
        """« avenant 7, contrats signés du 21 août 2019 au 30 avril 2023 »: the text that set a scale, and when."""
        history = self.params["objectives"].history
        following = [d.start for d in history if d.start > older.start]
        regime = self.params["regimes"].value_at(older.start)
        name = regime.short_label if regime else "barème publié"
        until = f" au {day(following[0] - dt.timedelta(days=1))}" if following else ""
        return f"{name}, contrats signés du {day(older.start)}{until}"

    def extra_warnings(self, options: list[OptionResult]) -> list[str]:
        contract = self.at("contract").value
        warnings = [f"Montants calculés en supposant les objectifs atteints à partir de la "
                    f"{contract.objectives_from_year}e année : ensuite, l'aide dépend de leur atteinte."]
        revalued = {y.why.in_force_since for o in options for y in o.years}
        if len(revalued) > 1:
            change = day(max(revalued))
            warnings.append(f"Contrat signé avant le {change} : les nouveaux montants s'appliquent à partir de la "
                            "date anniversaire du contrat qui suit.")
        second = self.at("second_assistant")
        spec, p = self.specialty, self.profile
        if (second and second.value and p.zone in second.value.zones and spec is not None
                and (spec.group == "generaliste" or not second.value.generalists_only)):
            ftes = " ou ".join(number(f, 1) for f in second.value.fte_options)
            warnings.append(f"En ZIP, un généraliste qui a un contrat temps plein peut, dès la "
                            f"{second.value.from_contract_year}e année et ses objectifs atteints, demander à la CPAM "
                            f"une option {ftes} ETP (second assistant).")
        return warnings + self.warnings
