"""Every case of ../shared/eval/dev_profiles.yaml through the real `amguide simulate --json` command."""

import json
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT, shared_file


def cases():
    path = ROOT.parent / "shared" / "eval" / "dev_profiles.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []


@pytest.mark.parametrize("case", cases(), ids=lambda c: c["id"])
def test_dev_profile(case):
    shared_file("eval/dev_profiles.yaml")
    args = ["simulate", "--json", "--date", str(case["date"])]
    for key, value in case["profile"].items():
        args += ["--set", f"{key}={str(value).lower() if isinstance(value, bool) else value}"]
    done = subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    got, expect = json.loads(done.stdout), case["expect"]
    if "regime" in expect:
        assert got["regime"]["id"] == expect["regime"]
    assert got["eligible"] == expect["eligible"]
    options = {o["option"]: o for o in got["options"]}
    for option, wanted in expect.get("options", {}).items():
        assert options[option]["available"] is wanted["available"]
        if "years" in wanted:
            assert [y["amount_eur"] for y in options[option]["years"]] == wanted["years"]
        if "total" in wanted:
            assert options[option]["total_eur"] == wanted["total"]
    if "first_years" in expect:
        first = next(o for o in got["options"] if o["available"])
        assert [y["amount_eur"] for y in first["years"]][: len(expect["first_years"])] == expect["first_years"]
    if expect.get("missing_not_empty"):
        assert got["missing"]


def test_dev_profiles_exist():
    shared_file("eval/dev_profiles.yaml")
    assert len(cases()) >= 10
