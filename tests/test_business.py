"""The business case through `amguide simulate` (JSON contract, « Coût et équilibre », bad values) and
the rule that no amount or rate is typed in rules/business.py."""

import ast
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rules import ProfileError, parse_profile
from rules.business import business_case
from rules.params import shipped
from rules.specialties import shipped as specialties

ROOT = Path(__file__).resolve().parent.parent
GP_HALF = ["--set", "specialty=MG", "--set", "sector=1", "--set", "percentile=50", "--set", "option=mi_temps"]


def amguide(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_json_business_case_has_the_contract_keys():
    done = amguide("simulate", "--json", "--date", "2026-11-24", *GP_HALF)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    case = got["business_case"]
    assert {"option", "fte", "assumptions", "years", "total", "break_even"} <= set(case)
    assert case["option"] == "mi_temps" and case["fte"] == 0.5
    option = next(o for o in got["options"] if o["option"] == "mi_temps")
    assert [y["aid_eur"] for y in case["years"]] == [y["amount_eur"] for y in option["years"]]
    for year in case["years"]:
        assert {"year", "salary_eur", "contributions_eur", "cost_eur", "aid_eur", "net_eur",
                "cumulative_net_eur"} <= set(year)
    assert set(case["total"]) >= {"cost_eur", "aid_eur", "net_eur"}
    assert set(case["break_even"]) >= {"consultations_per_year", "consultations_per_week", "consultations_per_day",
                                       "consultation_fee_eur"}
    for assumption in case["assumptions"]:
        assert set(assumption) >= {"key", "value", "label", "source", "assumed"}
        assert assumption["assumed"] or assumption["source"] or assumption["typed"], assumption
    rate = next(a for a in case["assumptions"] if a["key"] == "employer_rate")
    assert rate["assumed"] is True and rate["source"] is None and "comptable" in rate["label"]


def test_json_business_case_is_null_without_an_option():
    done = amguide("simulate", "--json", "--date", "2026-11-24", "--set", "specialty=MG", "--set", "sector=1")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert "business_case" in got and got["business_case"] is None


def test_set_fields_change_the_figures():
    base = json.loads(amguide("simulate", "--json", "--date", "2026-11-24", *GP_HALF).stdout)["business_case"]
    done = amguide("simulate", "--json", "--date", "2026-11-24", *GP_HALF, "--set", "salary_gross_month=2000",
                   "--set", "employer_rate=0,25", "--set", "consultation_fee=26,5", "--set", "working_days=180")
    case = json.loads(done.stdout)["business_case"]
    assert case["years"][0]["salary_eur"] == 12000 != base["years"][0]["salary_eur"]
    assert case["years"][0]["contributions_eur"] == 3000
    assert case["break_even"]["consultation_fee_eur"] == 26.5


def test_human_output_has_the_cost_section_and_explain_gives_formulas():
    done = amguide("simulate", "--date", "2026-11-24", "--explain", *GP_HALF)
    assert done.returncode == 0, done.stderr
    text = done.stdout.replace("\u00a0", " ")
    assert "Coût et équilibre" in text
    assert "Reste |" in text and "Cumul |" in text and "hypothèse à ajuster avec votre comptable" in text
    assert "1 815,79 € × 12 mois × 0,5 ETP = 10 895 €" in text
    assert "consultations supplémentaires par an" in text
    plain = amguide("simulate", "--date", "2026-11-24", "--set", "specialty=MG", "--set", "sector=1").stdout
    assert "Coût et équilibre" not in plain


@pytest.mark.parametrize("field,value", [
    ("salary_gross_month", "0"), ("salary_gross_month", "-1500"), ("salary_gross_month", "beaucoup"),
    ("salary_gross_month", "1e9"), ("employer_rate", "1,5"), ("employer_rate", "-0.1"), ("employer_rate", "150 %"),
    ("consultation_fee", "0"), ("consultation_fee", "trente"), ("working_days", "0"), ("working_days", "367"),
    ("working_days", "200,5"), ("employer_rate", "nan"),
])
def test_bad_business_values_are_refused_in_french(field, value):
    with pytest.raises(ProfileError) as caught:
        parse_profile({field: value})
    assert caught.value.fields == [field]
    assert "Input should" not in str(caught.value)
    done = amguide("simulate", *GP_HALF, "--set", f"{field}={value}")
    assert done.returncode == 2
    assert field in done.stderr and "Traceback" not in done.stderr


def test_every_number_of_the_business_rules_comes_from_parameters():
    """No amount, rate or day count typed in the code: only 0, 1, rounding and display constants
    (10 and 0.5 to round, 2 and 3 decimals shown, 100 for a percentage)."""
    tree = ast.parse((ROOT / "rules" / "business.py").read_text(encoding="utf-8"))
    numbers = {node.value for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
               and not isinstance(node.value, bool)}
    assert numbers <= {0, 1, 10, 0.5, 2, 3, 100}, numbers


def test_shipped_fee_parameters_name_known_specialties():
    known = specialties().by_id
    for dated in shipped()["consultation_fee"].history:
        for fee in dated.value or []:
            assert set(fee.specialties) <= set(known)


def test_business_case_api_for_other_faces():
    """`business_case(profile, on)` alone is enough (the atelier calls it so)."""
    profile = parse_profile({"specialty": "MG", "sector": "1", "percentile": 50, "option": "temps_plein"})
    case = business_case(profile, dt.date(2026, 11, 24))
    assert case is not None and case.total_aid_eur == 38000 + 28000 + 22000 * 3
    assert case.total_net_eur == case.total_cost_eur - case.total_aid_eur


def test_before_the_2024_grid_the_salary_is_asked_for():
    args = ["simulate", "--date", "2021-05-10", "--set", "specialty=MG", "--set", "sector=1", "--set", "percentile=50",
            "--set", "option=mi_temps", "--set", "doctors_in_practice=3", "--set", "coordinated_practice=true"]
    assert "salary_gross_month" in amguide(*args).stdout
    assert json.loads(amguide(*args, "--json").stdout)["business_case"] is None
    typed = json.loads(amguide(*args, "--json", "--set", "salary_gross_month=1700").stdout)["business_case"]
    assert typed["years"][0]["salary_eur"] == 10200


def test_a_typed_salary_below_the_grid_is_flagged():
    """0,01 € a month is a typo, not a salary: the assumption says it is below the grid's minimum."""
    on = dt.date(2026, 11, 24)
    base = {"specialty": "médecine générale", "sector": "1", "percentile": 50, "option": "mi_temps"}
    low = business_case(parse_profile({**base, "salary_gross_month": "0,01"}), on)
    fair = business_case(parse_profile({**base, "salary_gross_month": 2500}), on)
    label = {a.key: a.label for a in low.assumptions}["salary_gross_month"]
    assert "en dessous du minimum de la grille" in label and "0,01" in label
    assert "minimum" not in {a.key: a.label for a in fair.assumptions}["salary_gross_month"]


def test_explain_says_each_year_once_and_the_amount_a_revalued_year_had_at_signature():
    """« Mi-temps, année 1 = 19 000 € : 1re année » read the year twice; a year revalued at its anniversary also
    names the amount of the contract's own regime."""
    done = amguide("simulate", "--date", "2026-11-24", "--explain", *GP_HALF, "--set", "signature_date=2023-09-01")
    lines = [line for line in done.stdout.replace("\u00a0", " ").splitlines() if line.startswith("- Mi-temps, ")]
    assert len(lines) == 5 and lines[0].startswith("- Mi-temps, 1re année = 18 000 € : Année de contrat"), lines[0]
    assert "1re année" not in lines[0].split(" = ", 1)[1]
    assert "(montant prévu à la signature : 13 500 €)" in lines[1] and "signature" not in lines[0]


def test_the_cost_hints_name_no_field():
    """The chat and the command line show the same sentences: no raw field name such as « consultation_fee »."""
    from rules import business_summary

    assert "_" not in business_summary.NO_SALARY
    args = ["simulate", "--date", "2021-05-10", "--set", "specialty=MG", "--set", "sector=1", "--set", "percentile=50",
            "--set", "option=mi_temps", "--set", "doctors_in_practice=3", "--set", "coordinated_practice=true"]
    assert "(en ligne de commande : --set salary_gross_month=1900)" in amguide(*args).stdout
