"""Rule cases written in YAML with French names (tests/rules_cases/*.yaml), run through `evaluate`."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from rules import evaluate, parse_profile

CASES = [(path.stem, case) for path in sorted((Path(__file__).parent / "rules_cases").glob("*.yaml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[f"{f}: {c['name']}" for f, c in CASES])
def test_rule_case(case):
    result = evaluate(parse_profile(case["profile"]), on=case["date"])
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


def test_every_year_explains_its_amount():
    result = evaluate(parse_profile({"specialty": "MG", "sector": "1", "percentile": 92}), on=dt.date(2023, 11, 15))
    for option in result.options:
        for year in option.years:
            assert year.why.parameter == f"amounts_{option.option}"
            assert year.why.in_force_since <= year.starts
            assert year.why.source.title
    revalued = result.option("mi_temps").years[1]
    assert revalued.why.in_force_since == dt.date(2024, 6, 22)
