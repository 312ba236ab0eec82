"""`amguide eval FILE`: pass rate overall and per topic, fallback precision and recall, every failure."""

import argparse

from common.yamlio import DataError, load_file
from chatbot.scoring import evaluate_items, report
from tui.output import fail, print_json


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f} %"


def run(args: argparse.Namespace) -> int:
    try:
        items = load_file(args.file)
    except DataError as exc:
        fail(f"fichier d'évaluation illisible — {exc}")
    if not isinstance(items, list) or not all(isinstance(i, dict) and "question" in i for i in items):
        fail(f"{args.file} : une liste d'éléments avec « question » est attendue")
    summary = report(evaluate_items(items, on=args.date))
    if args.json:
        print_json(summary)
        return 0
    print("Échecs :" if summary["failures"] else "Aucun échec.")
    for f in summary["failures"]:
        print(f"- [{f['topic']}] {f['id']} : « {f['question']} »")
        print(f"    attendu : {f['expected']} ; obtenu : {f['status']} ({f['intent']}) ; manque : {f['missing']}")
    print("\nPar thème :")
    for topic, t in summary["topics"].items():
        print(f"  {topic:22} {t['passed']:>3} / {t['total']:<3} {_pct(t['rate'])}")
    print(f"\nDans le périmètre : {_pct(summary['in_scope_pass_rate'])} justes, "
          f"{_pct(summary['in_scope_wrongly_declined'])} refusées à tort")
    print(f"Refus : précision {_pct(summary['fallback_precision'])}, rappel {_pct(summary['fallback_recall'])}")
    print(f"Total : {summary['passed']} / {summary['total']} réussies ({_pct(summary['pass_rate'])})")
    return 0
