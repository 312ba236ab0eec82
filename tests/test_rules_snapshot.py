"""Regression snapshot: the results over a grid of profiles, one readable line each, so that any rule
change shows as a reviewable diff. Regenerate with AMGUIDE_UPDATE_SNAPSHOTS=1 after checking the diff."""

import datetime as dt
import itertools
import os
from pathlib import Path

from rules import evaluate, parse_profile

SNAPSHOT = Path(__file__).parent / "snapshots" / "rules_grid.txt"
DATES = [dt.date(2020, 6, 1), dt.date(2023, 11, 15), dt.date(2024, 6, 22), dt.date(2026, 11, 24)]
SPECIALTIES = ["médecine générale", "cardiologie", "radiologie", "chirurgie viscérale"]
SECTORS = [{"sector": "1"}, {"sector": "2", "optam": True}, {"sector": "2", "optam": False}]
PERCENTILES = [20, 50, 92, 97]
CENTRES = [
    {"centre_type": "generalistes", "doctor_fte": 3, "pmt": 1500},
    {"centre_type": "mixte", "doctor_fte": 2, "file_active": 1500, "centre_new": True, "assistant_fte": 0.5},
    {"centre_type": "specialistes", "doctor_fte": 2, "file_active": 1500, "centre_new": False},
]


def line(on: dt.date, profile: dict) -> str:
    result = evaluate(parse_profile(profile), on=on)
    options = []
    for o in result.options:
        amounts = "/".join(str(y.amount_eur) for y in o.years)
        options.append(f"{o.option} {amounts}={o.total_eur}" if o.available else f"{o.option} —")
    regime = result.regime.id if result.regime else "aucun"
    keys = ",".join(f"{k}={v}" for k, v in profile.items())
    return f"{on} {keys} → {regime} {result.eligible} | " + " | ".join(options)


def grid() -> list[str]:
    lines = []
    for on, spec, sector, pct in itertools.product(DATES, SPECIALTIES, SECTORS, PERCENTILES):
        profile = {"specialty": spec, **sector, "percentile": pct, "doctors_in_practice": 1, "zone": "zip",
                   "coordinated_practice": True, "clinical_fee_share": 0.85}
        lines.append(line(on, profile))
    for on, centre in itertools.product(DATES, CENTRES):
        lines.append(line(on, {"structure": "centre_de_sante", **centre}))
    return lines


def test_rules_grid_matches_snapshot():
    current = "\n".join(grid()) + "\n"
    if os.environ.get("AMGUIDE_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(current, encoding="utf-8")
    assert SNAPSHOT.exists(), f"{SNAPSHOT} missing: run with AMGUIDE_UPDATE_SNAPSHOTS=1"
    assert current == SNAPSHOT.read_text(encoding="utf-8"), "rules changed: review `git diff` after regenerating"
