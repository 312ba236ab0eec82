"""The business case as French Markdown (CLI « Coût et équilibre », chat answers, « pourquoi »)."""

from common.text import eur, number
from rules.business import BusinessCase
from rules.summary import markdown_table

TITLE = "Coût et équilibre"
NO_SALARY = ("Nos sources ne donnent pas la grille de salaire des assistants médicaux à cette date : indiquez le "
             "salaire brut mensuel envisagé (par exemple « 1 900 € brut ») pour chiffrer le coût.")
def amount(value: int) -> str:
    """Whole euros without the sign €, for a table whose heading says « en euros »: « −4 836 »."""
    return eur(value).removesuffix("\u00a0€")


def cost_table(case: BusinessCase) -> str:
    """Per contract year: salary, contributions, cost, aid, net and cumulative net, then the totals."""
    head = ["Année", "Salaire", "Cotis.", "Coût", "Aide", "Reste", "Cumul"]
    lines = [[str(y.year), *(amount(v) for v in (y.salary_eur, y.contributions_eur, y.cost_eur, y.aid_eur,
                                                   y.net_eur, y.cumulative_net_eur))] for y in case.years]
    salaries = sum(y.salary_eur for y in case.years)
    contributions = sum(y.contributions_eur for y in case.years)
    lines.append(["Total", *(amount(v) for v in (salaries, contributions, case.total_cost_eur, case.total_aid_eur,
                                                 case.total_net_eur)), ""])
    legend = ("En euros par année de contrat : salaire brut, cotisations patronales, coût (salaire + cotisations), "
              "aide, reste à charge (coût − aide ; négatif : l'aide dépasse le coût) et son cumul.")
    return legend + "\n\n" + markdown_table(head, lines)


def verdict(case: BusinessCase) -> str:
    """One sentence: what the doctor pays (or keeps) over the contract."""
    years = len(case.years)
    if case.total_net_eur <= 0:
        return (f"Sur les {years} ans du contrat, l'aide couvre le coût estimé de l'assistant "
                f"({case.label.lower()}) : excédent de {eur(-case.total_net_eur)}.")
    return (f"Sur les {years} ans du contrat, il vous reste à payer {eur(case.total_net_eur)} "
            f"({case.label.lower()} : coût {eur(case.total_cost_eur)}, aide {eur(case.total_aid_eur)}).")


def break_even_text(case: BusinessCase) -> str:
    be = case.break_even
    if be.consultations_per_year is None:
        return ("Équilibre : indiquez votre tarif de consultation (par exemple « consultation à 30 € ») pour savoir "
                "combien de consultations supplémentaires paient le reste à charge.")
    if be.consultations_per_year == 0:
        text = "Équilibre : en moyenne, l'aide couvre le coût — aucune consultation supplémentaire n'est nécessaire."
    else:
        text = (f"Équilibre : **{number(be.consultations_per_year)} consultations supplémentaires par an** à "
                f"{number(be.consultation_fee_eur, 2)} € (environ {number(be.consultations_per_week, 1)} par semaine, "
                f"{number(be.consultations_per_day, 1)} par jour travaillé) paient le reste à charge moyen de "
                f"{eur(be.basis_eur)} par an.")
    commitment = be.commitment[:1].lower() + be.commitment[1:]
    return text + f" Votre engagement, lui, se compte en patients et non en consultations : {commitment}"


def to_markdown(case: BusinessCase, heading: str = "###") -> str:
    """The « Coût et équilibre » section: verdict, table, break-even, assumptions, caveats."""
    assumptions = "\n".join(f"- {a.label}" + (" *(hypothèse)*" if a.assumed and "hypothèse" not in a.label else "")
                            + "." for a in case.assumptions)   # each a sentence, with its full stop
    notes = "\n".join(f"- {n}" for n in case.notes)
    return "\n\n".join([f"{heading} {TITLE}", verdict(case), cost_table(case), break_even_text(case),
                        f"Hypothèses (modifiables) :\n\n{assumptions}", notes])


def explain(case: BusinessCase) -> str:
    """« Pourquoi ? » for the business case: each figure's formula, inputs and source."""
    return "\n".join(f"- {line}" for line in case.explanations)
