"""How the matcher does on the team's own probe questions (bench/probes.yaml), per batch.

Run by hand: `.venv/bin/python bench/bench_probes.py [-v]` (-v lists the misses). A measure, not a
test: the development set in ../shared/eval is scored by `amguide eval`."""

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chatbot.session import Session  # noqa: E402

if __name__ == "__main__":
    items = yaml.safe_load((ROOT / "bench" / "probes.yaml").read_text(encoding="utf-8"))
    passed, total = Counter(), Counter()
    for item in items:
        reply = Session(on=dt.date(2026, 11, 24)).handle(item["question"])
        status = reply.contract_status
        good = status == "fallback" if item["intents"] is None else status == "answer" and reply.intent in item["intents"]
        passed[item["batch"]] += good
        total[item["batch"]] += 1
        if not good and "-v" in sys.argv:
            print(f"raté : {item['question']!r} → {status} {reply.intent} (attendu : {item['intents'] or 'décliner'})")
    for batch in total:
        print(f"{batch:20} {passed[batch]:3} / {total[batch]}")
    print(f"{'total':20} {sum(passed.values()):3} / {sum(total.values())}")
