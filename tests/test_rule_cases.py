"""Rule cases written in YAML with French names (tests/rules_cases/*.yaml), run through `evaluate`."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from rules import evaluate, parse_profile
from rules.business import business_case

CASES = [(path.stem, case) for path in sorted((Path(__file__).parent / "rules_cases").glob("*.yaml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[f"{f}: {c['name']}" for f, c in CASES])
def test_rule_case(case):
    profile = parse_profile(case["profile"])
    result = evaluate(profile, on=case["date"])
    got = result.to_dict()
    expect = case["expect"]
    if "regime" in expect:
        assert (got["regime"] or {}).get("id") == expect["regime"]
    if "eligible" in expect:
        assert got["eligible"] == expect["eligible"], [c["explanation"] for c in got["criteria"]]
    statuses = {c["id"]: c["status"] for c in got["criteria"]}
    for criterion, status in expect.get("criteria", {}).items():
        assert statuses.get(criterion) == status, got["criteria"]
    for criterion in expect.get("criteria_absent", []):
        assert criterion not in statuses
    for criterion, text in expect.get("criteria_explanation_contains", {}).items():
        explanation = next(c["explanation"] for c in got["criteria"] if c["id"] == criterion)
        assert text in explanation.replace("\u00a0", " ")
    if "missing" in expect:
        assert got["missing"] == expect["missing"]
    options = {o["option"]: o for o in got["options"]}
    for option, wanted in expect.get("options", {}).items():
        if "available" in wanted:
            assert options[option]["available"] is wanted["available"], options[option]["reason"]
        if "years" in wanted:
            assert [y["amount_eur"] for y in options[option]["years"]] == wanted["years"]
        if "total" in wanted:
            assert options[option]["total_eur"] == wanted["total"]
    objectives = " ".join([got["objectives"]["summary"], *got["objectives"]["details"]]).replace("\u00a0", " ")
    if "objectives_contain" in expect:
        assert expect["objectives_contain"] in objectives
    if "warnings_contain" in expect:
        assert any(expect["warnings_contain"] in w for w in got["warnings"]), got["warnings"]
    if "warnings_absent" in expect:
        assert not any(expect["warnings_absent"] in w for w in got["warnings"]), got["warnings"]
    if "business" in expect:
        check_business(business_case(profile, case["date"], result), expect["business"])


def check_business(case, expect):
    """`business` in a rule case: null, or per-year columns, totals, break-even and assumption origins."""
    if expect is None:
        assert case is None
        return
    got = case.to_dict()
    columns = {"salary": "salary_eur", "contributions": "contributions_eur", "aid": "aid_eur", "net": "net_eur",
               "cumulative": "cumulative_net_eur"}
    for key, column in columns.items():
        if key in expect:
            assert [y[column] for y in got["years"]] == expect[key], key
    for y in got["years"]:
        assert y["cost_eur"] == y["salary_eur"] + y["contributions_eur"]
        assert y["net_eur"] == y["cost_eur"] - y["aid_eur"]
    for key, value in expect.get("total", {}).items():
        assert got["total"][key] == value, key
    for key, value in expect.get("break_even", {}).items():
        assert got["break_even"][key] == value, key
    if "typed" in expect:
        assert [a["key"] for a in got["assumptions"] if a["typed"]] == expect["typed"]
    if "assumed" in expect:
        assert [a["key"] for a in got["assumptions"] if a["assumed"]] == expect["assumed"]


def test_every_year_explains_its_amount():
    result = evaluate(parse_profile({"specialty": "MG", "sector": "1", "percentile": 92}), on=dt.date(2023, 11, 15))
    for option in result.options:
        for year in option.years:
            assert year.why.parameter == f"amounts_{option.option}"
            assert year.why.in_force_since <= year.starts
            assert year.why.source.title
    revalued = result.option("mi_temps").years[1]
    assert revalued.why.in_force_since == dt.date(2024, 6, 22)
