"""Speed of the rules core: in-process evaluations per second, and `amguide simulate` as a whole process.

Run by hand: `.venv/bin/python bench/bench_rules.py` (goals: ≥ 20 000 evaluations/s, ≤ 0.3 s per process)."""

import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from rules import evaluate, parse_profile  # noqa: E402
from timing import median_process_seconds  # noqa: E402

PROFILES = [
    {"specialty": "médecine générale", "sector": "1", "pmt": 1150, "percentile": 50},
    {"specialty": "cardiologie", "sector": "2", "optam": True, "percentile": 93, "option": "mi_temps"},
    {"specialty": "médecine générale", "sector": "1", "doctors_in_practice": 2, "coordinated_practice": True,
     "zone": "zac", "percentile": 40, "signature_date": "2021-02-01"},
    {"structure": "centre_de_sante", "centre_type": "generalistes", "doctor_fte": 3, "pmt": 1500},
]


def in_process(seconds: float = 2.0) -> float:
    profiles = [parse_profile(p) for p in PROFILES]
    on = dt.date(2026, 11, 24)
    evaluate(profiles[0], on=on)  # parameters loaded once, outside the measure
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for profile in profiles:
            evaluate(profile, on=on)
        count += len(profiles)
    return count / (time.perf_counter() - start)


def whole_process(runs: int = 10) -> float:
    return median_process_seconds([str(ROOT / ".venv" / "bin" / "amguide"), "simulate", "--json", "--set", "specialty=MG",
               "--set", "sector=1", "--set", "percentile=50"], runs)


if __name__ == "__main__":
    print(f"evaluate en mémoire : {in_process():,.0f} évaluations/s (objectif ≥ 20 000)")
    print(f"amguide simulate (processus complet) : {whole_process():.3f} s médiane (objectif ≤ 0,3 s)")
