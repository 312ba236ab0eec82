"""A Result as French Markdown that also reads well as plain text (CLI, chat answers, exports)."""

from functools import cache
from pathlib import Path

from common.text import after_colon, day, eur
from rules.profile import LABELS
from rules.result import Criterion, Result, Year

VERDICTS = {"yes": "✅ Éligible", "no": "❌ Non éligible", "unknown": "❔ Éligibilité à confirmer"}
MARKS = {"met": "✓", "not_met": "✗", "unknown": "?"}


AMOUNTS_TITLES = {"yes": "Montants par année de contrat",
                  "no": "Montants si vous étiez éligible (à titre indicatif)",
                  "unknown": "Montants si votre éligibilité est confirmée"}
CONDITIONAL = {"no": "Vous n'y avez pas droit en l'état : ces montants ne s'appliqueraient que si le critère "
                     "bloquant était levé.",
               "unknown": "Les critères marqués « ? » restent à vérifier."}


@cache
def _hints() -> dict[str, str]:
    from common.yamlio import load_file

    return load_file(Path(__file__).with_name("verdict_hints.yaml")) or {}


def blocking(result: Result) -> list[tuple[str, str, str]]:
    """What stops a « non éligible » verdict: (criterion, its explanation, what would change it), first first."""
    if result.eligible != "no":
        return []
    return [(c.label, c.explanation, _hints().get(c.id, "Remplir ce critère (voir l'explication)."))
            for c in result.criteria if c.status == "not_met"]


def verdict_label(result: Result) -> str:
    """« ✅ Éligible », « ❌ Non éligible », « ❔ Éligibilité à confirmer », or, when the verdict hangs on one fact
    (a low activity, newly installed not yet said), « ❔ Éligible seulement si vous êtes nouvel installé »."""
    condition = result.condition
    return f"❔ Éligible seulement si {condition.unless}" if condition else VERDICTS[result.eligible]


def markdown_table(head: list[str], lines: list[list[str]]) -> str:
    """A Markdown table, columns padded so it also reads as plain text; numbers right-aligned."""
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return "\n".join([row(head), rule, *(row(r) for r in lines)])


def amounts_rows(result: Result) -> list[list[str]]:
    """Contract years down, available options across, totals last (header row first; empty if no amounts):
    narrow enough for a chat column or a side panel with every option shown."""
    options = [o for o in result.options if o.available and o.years]
    if not options:
        return []
    count = max(len(o.years) for o in options)
    years = [[f"Année {k}", *(eur(o.years[k - 1].amount_eur) if k <= len(o.years) else "" for o in options)]
             for k in range(1, count + 1)]
    return [["Année", *(o.label for o in options)], *years, ["Total", *(eur(o.total_eur or 0) for o in options)]]


def amounts_table(result: Result) -> str:
    """The amounts (see amounts_rows) as a Markdown table."""
    rows = amounts_rows(result)
    return markdown_table(rows[0], rows[1:]) if rows else ""


def criterion_line(c: Criterion, bold: bool = True) -> str:
    """« - ✓ **Spécialité** : la médecine générale n'est pas une spécialité exclue. » (no capital after the colon)."""
    label = f"**{c.label}**" if bold else c.label
    return f"- {MARKS[c.status]} {label} : {after_colon(c.explanation)}"


def to_markdown(result: Result) -> str:
    parts = [f"## {verdict_label(result)}"]
    for label, why, change in blocking(result):
        parts.append(f"**Ce qui bloque — {label}** : {after_colon(why)}\n\n**Ce qui changerait le verdict** : "
                     f"{after_colon(change)}")
    if result.regime:
        parts.append(f"Régime : **{result.regime.label}** (contrats signés {result.regime.since}) — "
                     f"contrat signé le {day(result.signature_date)}.")
    parts.append("\n".join(criterion_line(c) for c in result.criteria))
    if result.missing:
        parts.append("À préciser : " + ", ".join(LABELS.get(m, m) for m in result.missing) + ".")
    table = amounts_table(result)
    if table:
        note = f"_{CONDITIONAL[result.eligible]}_\n\n" if result.eligible in CONDITIONAL else ""
        parts.append(f"### {AMOUNTS_TITLES[result.eligible]}\n\n{note}{table}")
    closed = [o for o in result.options if not o.available]
    if closed:
        parts.append("\n".join(f"- {o.label} : non disponible. {o.reason}" for o in closed))
    if result.objectives.summary:
        details = "\n".join(f"- {d}" for d in result.objectives.details)
        parts.append(f"### Votre engagement\n\n{result.objectives.summary}" + (f"\n\n{details}" if details else ""))
    if result.warnings:
        parts.append("### À savoir\n\n" + "\n".join(f"- {w}" for w in result.warnings))
    return "\n\n".join(parts)


def ordinal(k: int) -> str:
    return "1re" if k == 1 else f"{k}e"


def after_year(explanation: str, year: int) -> str:
    """A year's explanation without the year it opens with, which the line's head already says (« 1re année
    = 19 000 € : 1re année ; … » read twice); « (3e année et suivantes) » loses its brackets only."""
    head = f"{ordinal(year)} année"
    rest = explanation[len(head):].lstrip(" ,:;—") if explanation.startswith(head) else explanation
    if rest.startswith("("):
        rest = rest[1:].replace(")", "", 1)
    return rest[:1].upper() + rest[1:]


def year_why(year: Year) -> str:
    """Why a contract year's amount is what it is, said once after « 2e année = 28 000 € : » (and, for a
    revalued year, the amount the contract gave at its signature)."""
    text = after_year(year.why.explanation, year.year)
    if year.at_signature_eur is not None:
        text = text.rstrip(".") + f" (montant prévu à la signature : {eur(year.at_signature_eur)})."
    return text


def explain(result: Result) -> str:
    """« Pourquoi ? » — every figure with its parameter, the date its value took effect and its source."""
    lines = []
    if result.regime:
        src = result.regime.source
        lines.append(f"- Régime : {result.regime.label}, contrat signé le {day(result.signature_date)} ; {src.title}"
                     + (f" — {src.url}" if src.url else ""))
    for c in result.criteria:
        src = c.sources[0] if c.sources else None
        lines.append(criterion_line(c, bold=False) + (f" (source : {src.title})" if src else ""))
    for o in result.options:
        for y in o.years:
            lines.append(f"- {o.label}, {ordinal(y.year)} année = {eur(y.amount_eur)} : {year_why(y)} "
                         f"Source : {y.why.source.title}" + (f" — {y.why.source.url}" if y.why.source.url else ""))
    return "\n".join(lines)
