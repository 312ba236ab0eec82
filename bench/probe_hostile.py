"""Hostile input and faults (issue 14): every case of tests/hostile.py in a child process, then the table
category × (cases tried, handled, tracebacks, hangs or memory, data lost or code run, messages not in French).
A case that drives a whole app with Pilot (a fresh process) also says what its time is made of: the interpreter
and the imports, the app's start until its engine is ready, the case itself, the app's shutdown, the
interpreter's exit (tests.hostile.phases), in wall and processor seconds.

    .venv/bin/python bench/probe_hostile.py [CATEGORY ...] [--quick] [--only TEXT] [--cold] [--json results.json]

The cases that are not about the cache share one built-data cache, filled first as a doctor's first start fills it
(as the fuzz suite does); `--cold` gives each case an empty one, as on a freshly installed amguide (~1 s of
processor more for a chat case: the knowledge base, the parameters and the matcher built from their YAML).

Another tree's code is probed by running this script with that tree's interpreter (its editable install):
`/work/wt/start5/.venv/bin/python bench/probe_hostile.py …` from this tree.

Run as root for the full-disk case (it mounts a 64 KiB tmpfs); elsewhere that case is reported as skipped."""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile import cases, problems, sharing, warm_cache  # noqa: E402

COLUMNS = ("tried", "handled", "traceback", "hang", "lost", "message")
PARTS = {"imports": "interpréteur et imports", "start": "démarrage de l'application (moteur prêt)",
         "case": "le cas lui-même", "close": "fermeture de l'application", "exit": "sortie de l'interpréteur"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("categories", nargs="*")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--quick", action="store_true", help="3 MiB files instead of 50, as the fuzz suite")
    parser.add_argument("--only", default="", help="the cases whose name holds this text (e.g. « chat : »)")
    parser.add_argument("--cold", action="store_true", help="every case with its own empty cache (a first start after "
                        "installing); by default the cases that are not about the cache share one filled as a first start fills it")
    args = parser.parse_args()
    table: dict[str, dict[str, int]] = {}
    results = []
    with tempfile.TemporaryDirectory(prefix="amguide-probe-") as root:
        shared = None if args.cold else warm_cache(Path(root) / "warm" / "cache")
        for number, case in enumerate(cases(quick=args.quick)):
            if (args.categories and case.category not in args.categories) or args.only not in case.name:
                continue
            if case.name.startswith("disque plein") and os.geteuid() != 0:
                print(f"[skip] {case.category:9} {case.name} (root needed)")
                continue
            tmp = Path(root) / f"case{number}"
            case = case if shared is None else sharing(case, shared)
            run = case.run(tmp)
            found = problems(case, run, tmp)
            row = table.setdefault(case.category, dict.fromkeys(COLUMNS, 0))
            row["tried"] += 1
            row["handled"] += not any(found.values())
            for kind, items in found.items():
                row[kind] += bool(items)
            status = "ok" if not any(found.values()) else ",".join(k for k, v in found.items() if v)
            parts = "".join(f"\n      {PARTS[name]} {seconds:.2f} s ({run.phases_cpu.get(name, 0):.2f} s CPU)"
                            for name, seconds in run.phases.items())
            print(f"[{status:>9}] {case.category:9} {case.name} — {run.seconds:.2f} s ({run.cpu:.2f} s CPU), {run.rss_kib // 1024} Mio, "
                  f"code {run.code}" + "".join(f"\n      {k}: {' | '.join(v)[:240]!r}" for k, v in found.items() if v) + parts)
            results.append({"category": case.category, "case": case.name, "code": run.code, "seconds": round(run.seconds, 2),
                            "cpu_seconds": round(run.cpu, 2), "phases": {k: round(v, 3) for k, v in run.phases.items()},
                            "phases_cpu": {k: round(v, 3) for k, v in run.phases_cpu.items()},
                            "rss_mib": run.rss_kib // 1024, "problems": found})
    print("\n| category | cases tried | handled | tracebacks | hangs / memory | data lost / code run | not French |")
    print("|---|---|---|---|---|---|---|")
    for category, row in table.items():
        print(f"| {category} | " + " | ".join(str(row[c]) for c in COLUMNS) + " |")
    total = {c: sum(r[c] for r in table.values()) for c in COLUMNS}
    print("| **total** | " + " | ".join(str(total[c]) for c in COLUMNS) + " |")
    slowest = sorted(results, key=lambda r: -r["seconds"])[:5]
    print(f"\nprocessor time, all cases: {sum(r['cpu_seconds'] for r in results):.1f} s; slowest: "
          + "; ".join(f"{r['case']} {r['seconds']:.2f} s" for r in slowest)
          + f"; most memory: {max((r['rss_mib'] for r in results), default=0)} Mio")
    timed = [r for r in results if r["phases"]]
    if timed:   # wall (processor) seconds
        print("\n| Pilot case | whole | " + " | ".join(PARTS) + " |\n|---|---|" + "---|" * len(PARTS))
        for r in timed:
            print(f"| {r['case']} | {r['seconds']:.2f} ({r['cpu_seconds']:.2f}) | "
                  + " | ".join(f"{r['phases'][p]:.2f} ({r['phases_cpu'].get(p, 0):.2f})" for p in PARTS) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
