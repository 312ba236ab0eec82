"""Answers about the doctor's own figures once a profile exists: the aid for the chosen option, and « pourquoi ».

Everything comes from the `Result` of `rules.evaluate` (nothing recomputed here); only the chosen option
is explained when there is one, and each source is listed once."""

import datetime as dt
from typing import Any

from common.text import after_colon, day, eur, source_label
from rules import Result, evaluate, parse_profile
from rules.cabinet import ZONE_NAMES
from rules.params import Source
from rules.params import shipped as shipped_params
from rules.summary import after_year, criterion_line, ordinal, verdict_label, year_why


def option_line(result: Result, option_id: str) -> str:
    """« Option mi-temps : 19 000 € (1re année), 14 000 € (2e année)… soit 66 000 € sur les 5 ans du contrat. »"""
    option = result.option(option_id)
    if option is None:
        return ""
    if not option.available or not option.years:
        opened = [o.label.lower() for o in result.options if o.available and o.years]
        others = f" Options ouvertes : {', '.join(opened)}." if opened else ""
        return f"**{option.label}** : non disponible. {option.reason or ''}".strip() + others
    years = ", ".join(f"{eur(y.amount_eur)} ({ordinal(y.year)} année)" for y in option.years)
    return (f"**{option.label}** : {years}, soit **{eur(option.total_eur or 0)} sur les {len(option.years)} ans "
            "du contrat**.")


def signed_line(result: Result, option_id: str) -> str:
    """A revalued contract's amounts as its own regime set them (« 27 000 € (2e année) » under the 2023 règlement
    arbitral, paid 28 000 € from its anniversary after June 2024): the doctor asks for the figures of their
    contract, and gets both. Empty when no year was revalued."""
    option = result.option(option_id)
    if option is None or not any(y.at_signature_eur for y in option.years):
        return ""
    years = ", ".join(f"{eur(y.at_signature_eur or y.amount_eur)} ({ordinal(y.year)} année)" for y in option.years)
    regime = f" ({result.regime.label})" if result.regime else ""
    return (f"{option.label}, montants prévus à la signature{regime} : {years} ; revalorisés ensuite, à la date "
            "anniversaire du contrat, aux montants ci-dessus.")


def closed(result: Result, option_id: str | None) -> str:
    """« pas avec l'option tiers-temps : option fermée aux nouveaux contrats depuis… Options ouvertes : … » when
    the chosen option is not open to this contract (a closed option is never said « Éligible » alone)."""
    option = result.option(option_id) if option_id else None
    if option is None or option.available:
        return ""
    reason = option.reason or "non disponible."
    opened = [o.label.lower() for o in result.options if o.available and o.years]
    return (f"pas avec l'option {option.label.lower()} : {reason[:1].lower()}{reason[1:]}"
            + (f" Options ouvertes : {', '.join(opened)}." if opened else ""))


def verdict(result: Result, rules: bool = False, option: str | None = None) -> str:
    """Where the facts given so far leave the doctor (or the colleague they describe), before the form asks
    for the rest: what is met (with the figure it was measured against), and what remains to check — with
    `rules`, the figure each remaining condition sets (« au moins 80 % d'honoraires cliniques », « au-dessus du
    P30 »), when the criteria are not listed anyway. Empty when nothing is known yet."""
    met = [c.label.lower() for c in result.criteria if c.status == "met"]
    open_ = [c.label.lower() for c in result.criteria if c.status == "unknown"]
    if result.eligible == "yes":
        shut = closed(result, option)
        return f"✅ **Éligible** d'après ce que vous m'avez dit{f', mais {shut}' if shut else '.'}\n\n"
    if result.eligible == "unknown" and not met and any(o.option == "centre_de_sante" for o in result.options):
        rule = next((c for c in result.criteria if c.id == "activity" and c.status == "unknown"), None)
        return f"❔ **{rule.label}** : {after_colon(rule.explanation)}\n\n" if rule else ""    # a centre: its thresholds first
    if result.eligible != "unknown":
        return ""
    done = "condition remplie" if len(met) == 1 else "conditions remplies"
    condition = result.condition
    if condition is not None:   # one verdict, said once: the fact it hangs on leads, the criteria follow
        others = [c.label.lower() for c in result.criteria if c.status == "unknown" and c is not condition]
        said = [f"{done} : {', '.join(met)}"] if met else []
        said += [f"reste aussi à vérifier : {', '.join(others)}"] if others else []
        figures = [criterion_line(c) for c in result.criteria if rules and c.status in ("met", "unknown")]
        said_ = f" ({' ; '.join(said)})" if said else ""
        return (f"❔ **{verdict_label(result)[2:]}**{said_} ; sinon, non éligible (critère « {condition.label.lower()} »)."
                "\n\n" + ("\n".join(figures) + "\n\n" if figures else ""))
    if not met:   # nothing met yet: what the facts given already say (« secteur 2 »: the OPTAM it needs)
        told = _told(result)
        return f"❔ **Éligibilité à confirmer** (rien de ce que vous m'avez dit ne l'exclut) :\n\n{told}\n\n" if told else ""
    # Each condition named met or open is listed with its explanation — a condition met by a figure the doctor
    # gave with the figure it is measured against (« 90 % … au moins 80 % »).
    figures = [criterion_line(c) for c in result.criteria if rules and c.status in ("met", "unknown")]
    return (f"❔ **Éligibilité à confirmer** : ce profil peut être éligible, rien de ce que vous m'avez dit ne "
            f"l'exclut ({done} : {', '.join(met)}) ; reste à vérifier : {', '.join(open_)}.\n\n"
            + ("\n".join(figures) + "\n\n" if figures else ""))


def _told(result: Result) -> str:
    """The open criteria that the doctor's facts already bear on (« secteur 2 » alone: the OPTAM it needs), found by
    comparing with the same contract told nothing; '' when the facts given leave every criterion as it was."""
    blank = evaluate(parse_profile({"signature_date": result.signature_date.isoformat()}), on=result.date)
    before = {c.id: c.explanation for c in blank.criteria}
    return "\n".join(criterion_line(c) for c in result.criteria
                     if c.status == "unknown" and before.get(c.id, c.explanation) != c.explanation)


def commitment(result: Result, option_id: str | None = None) -> str:
    """The commitment in one paragraph: the rules' summary, then what the sources give for this case and what
    they do not (no published scale for the regime) — the increase range of the chosen option (2019, indicative),
    a published example, and who sets the exact figure."""
    label = result.option(option_id).label if option_id and result.option(option_id) else None
    kept = [d for d in result.objectives.details if (label and d.startswith(f"{label} :"))
            or d.startswith(("Pas de barème", "Exemple publié", "L'objectif chiffré"))]
    return " ".join([result.objectives.after_colon, *kept])


def commitment_answer(result: Result, option_id: str | None = None) -> str:
    """« Combien de patients en plus pour moi ? »: the commitment with what the sources give for this profile —
    the chosen option's range (or every open option's), applied to the doctor's count, each with its regime."""
    label = result.option(option_id).label if option_id and result.option(option_id) else None
    labels = {label} if label else {o.label for o in result.options if o.available and o.years}
    kept = [d for d in result.objectives.details if d.split(" :")[0] in labels
            or d.startswith(("Pas de barème", "Dès ", "Exemple publié", "L'objectif chiffré"))]
    return f"**Votre engagement** : {result.objectives.after_colon}\n\n" + "\n".join(f"- {d}" for d in kept)


def blocking(result: Result) -> str:
    """The criteria that make the verdict « non », each with its explanation."""
    return "\n".join(criterion_line(c) for c in result.criteria if c.status == "not_met")


def money(result: Result, profile: dict[str, Any]) -> str:
    """The aid for this profile: the chosen option (or every open one), its total, and the commitment."""
    if result.eligible == "no":
        return ("Avec votre profil, **vous n'êtes pas éligible** : aucune aide n'est versée.\n\n" + blocking(result)
                + "\n\nSi ce critère changeait, dites-le-moi (« en fait… ») et je recalcule.")
    chosen = profile.get("option")
    open_options = [o.option for o in result.options if o.available and o.years]
    lines = [option_line(result, chosen)] if chosen else [option_line(result, o) for o in open_options]
    lines += [signed_line(result, o) for o in ([chosen] if chosen else open_options)]
    lines += _if_in_zone(result, profile, [chosen] if chosen else [o.option for o in result.options])
    lines += _if_signed_before(result, profile, chosen)
    condition = result.condition
    head = ("Pour votre profil" if result.eligible == "yes" else f"Si {condition.unless}" if condition
            else "Si votre éligibilité se confirme")
    regime = f"{result.regime.label}, " if result.regime else ""
    text = (f"{head} ({regime}contrat signé le {day(result.signature_date)}) :\n\n"
            + "\n".join(f"- {line}" for line in lines if line))
    if not chosen and len(open_options) > 1:
        text += "\n\nDites-moi l'option qui vous intéresse (« à mi-temps », « à temps plein »…) pour le détail."
    if result.objectives.summary:
        text += f"\n\n**Votre engagement** : {commitment(result, chosen)}"
    warnings = [w for w in result.warnings if any(k in w for k in ("objectifs atteints", "indicatif", "anniversaire"))]
    if warnings:
        text += "\n\n" + "\n".join(f"_{w}_" for w in warnings)
    return text


def _if_in_zone(result: Result, profile: dict[str, Any], option_ids: list[str | None]) -> list[str]:
    """An option reserved to a zone the doctor has not named (temps plein under the 2019 avenant): its
    amounts as they would be in that zone, so that « combien à temps plein en 2019 ? » gets its figures."""
    if profile.get("zone") or "zone" not in result.missing:
        return []
    shut = [o for o in result.options if o.option in option_ids and not o.available and "zone" in (o.reason or "")]
    if not shut:
        return []
    zoned = evaluate(parse_profile({**profile, "zone": "zip"}), on=result.date)
    lines = []
    for o in shut:
        there = zoned.option(o.option)
        if there is not None and there.available and there.years:
            lines.append(f"Si vous exercez en {ZONE_NAMES['zip']} : {option_line(zoned, o.option)}")
    return lines


def _if_signed_before(result: Result, profile: dict[str, Any], chosen: str | None) -> list[str]:
    """An option closed to new contracts, asked about without a signing date (« mon vieux contrat tiers-temps, combien
    depuis la revalo ? »): what a contract signed on its last open day is paid, year by year at today's rules."""
    option = result.option(chosen) if chosen else None
    if option is None or option.available or "signature_date" in profile:
        return []
    history = shipped_params()[f"option_{chosen}"].history
    closed = next((d.start for d in reversed(history) if d.value is None and d.start <= result.date), None)
    if closed is None or not any(d.value for d in history if d.start < closed):
        return []
    last = closed - dt.timedelta(days=1)
    signed = evaluate(parse_profile({**profile, "signature_date": last.isoformat()}), on=result.date)
    if signed.option(chosen) is None or not signed.option(chosen).available:
        return []
    return [f"Pour un contrat en cours signé le {day(last)}, dernier jour avant la fermeture (payé année par année, "
            f"revalorisé à sa date anniversaire) : {option_line(signed, chosen)}",
            signed_line(signed, chosen)]


def sources(result: Result, option_id: str | None = None) -> tuple[dict, ...]:
    """Every source behind the result (regime, criteria, the amounts shown), each once."""
    found: list[Source] = []
    if result.regime:
        found.append(result.regime.source)
    for c in result.criteria:
        found.extend(c.sources)
    for o in _shown_options(result, option_id):
        found.extend(y.why.source for y in o.years)
    found.extend(result.objectives.sources)
    seen: dict[str, dict] = {}
    for s in found:
        seen.setdefault(s.url or s.title, {"title": s.title, "url": s.url,
                                           "date": s.date.isoformat() if s.date else None})
    return tuple(seen.values())


def _key(source: Source, listed: tuple[dict, ...]) -> tuple[str, str | None]:
    """The listed entry a source was merged into (one entry per URL, else per title)."""
    entry = next(s for s in listed if (s["url"] or s["title"]) == (source.url or source.title))
    return entry["title"], entry["url"]


def _shown_options(result: Result, option_id: str | None):
    if option_id and result.option(option_id) is not None:
        return [result.option(option_id)]
    return [o for o in result.options if o.available and o.years]


def why(result: Result, profile: dict[str, Any]) -> str:
    """« Pourquoi ? » on the doctor's own figures: the regime, each criterion, each amount of the chosen
    option (or of every open option) with the rule and the date it took effect, each line pointing to its
    source by number; the sources are listed once, at the end (as links)."""
    option_id = profile.get("option")
    listed = sources(result, option_id)
    index = {(s["title"], s["url"]): k for k, s in enumerate(listed, 1)}

    def ref(*used: Source) -> str:
        numbers = sorted({index[_key(s, listed)] for s in used})
        return f" (source {', '.join(map(str, numbers))})" if numbers else ""

    lines = []
    if result.regime:
        lines.append(f"- **Régime** : {result.regime.label}, choisi par la date de signature du contrat "
                     f"({day(result.signature_date)}){ref(result.regime.source)}.")
    lines += [criterion_line(c) + ref(*c.sources) for c in result.criteria]
    for o in _shown_options(result, option_id):
        for y in o.years:
            lines.append(f"- **{o.label}, {ordinal(y.year)} année = {eur(y.amount_eur)}** : "
                         f"{year_why(y)}{ref(y.why.source)}")
    if result.objectives.summary:
        lines.append(f"- **Engagement** : {result.objectives.after_colon}{ref(*result.objectives.sources)}")
    notes = "\n".join(f"{k}. " + (f"[{source_label(s)}]({s['url']})" if s["url"] else source_label(s))
                      for k, s in enumerate(listed, 1))
    return "### Pourquoi ces chiffres ?\n\n" + "\n".join(lines) + "\n\n**Sources**\n\n" + notes
