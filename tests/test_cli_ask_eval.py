"""`amguide ask` and `amguide eval` through the real command, as CONTRACT.md says."""

import json
import re
import subprocess
import sys

from tests.conftest import ROOT, shared_file


def amguide(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_ask_json_has_every_contract_key():
    done = amguide("ask", "--json", "--date", "2026-11-24", "combien d'heures de formation pour une aide-soignante ?")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= {"question", "status", "intent", "confidence", "answer", "sources", "suggestions", "candidates"}
    assert data["status"] == "answer" and data["intent"] == "formation.duree"
    assert 0 <= data["confidence"] <= 1 and data["sources"] and all({"title", "url", "date"} <= set(s) for s in data["sources"])


def test_ask_amounts_state_today_and_2019():
    data = json.loads(amguide("ask", "--json", "--date", "2026-11-24", "montant de l'aide à mi-temps").stdout)
    answer = data["answer"].replace("\u00a0", " ")
    assert "19 000 €" in answer and "18 000 €" in answer


def test_ask_amounts_follow_the_date():
    data = json.loads(amguide("ask", "--json", "--date", "2021-03-01", "montant de l'aide à mi-temps").stdout)
    answer = data["answer"].replace("\u00a0", " ")
    assert "18 000 €" in answer and "19 000 €" not in answer and "Tiers-temps" in answer


def test_ask_fallback_has_null_intent():
    data = json.loads(amguide("ask", "--json", "quel temps fera-t-il demain ?").stdout)
    assert data["status"] == "fallback" and data["intent"] is None


def test_ask_personal_question_goes_to_the_rules():
    data = json.loads(amguide("ask", "--json", "--date", "2026-11-24",
                              "je suis radiologue en secteur 1, ai-je droit à l'aide ?").stdout)
    assert data["intent"] == "simulation.eligibilite" and "exclu" in data["answer"]


def test_ask_empty_question_is_a_usage_error():
    done = amguide("ask", "   ")
    assert done.returncode == 2 and "question vide" in done.stderr


def test_ask_human_output_has_sources_and_follow_ups():
    done = amguide("ask", "qui peut devenir assistant médical ?")
    assert done.returncode == 0 and "Sources" in done.stdout and "Pour aller plus loin" in done.stdout


def test_eval_scores_the_development_set():
    path = shared_file("eval/dev_faq.yaml")
    done = amguide("eval", str(path))
    assert done.returncode == 0, done.stderr
    assert "Total :" in done.stdout and "Refus : précision" in done.stdout
    rates = re.findall(r"(\d+(?:[.,]\d+)?)\s%", done.stdout)
    assert rates and not [r for r in rates if "." in r]      # French decimals: « 98,6 % »


def test_eval_json_report(tmp_path):
    items = tmp_path / "q.yaml"
    items.write_text('- {id: a, question: "salut ça va ?", topic: out_of_scope_other, expect: {fallback: true}}\n'
                     '- {id: b, question: "montant mi-temps", topic: options_amounts, expect: {all: ["99 999"]}}\n',
                     encoding="utf-8")
    report = json.loads(amguide("eval", str(items), "--json").stdout)
    assert report["passed"] == 1 and report["fallback_recall"] == 1.0
    assert report["failures"][0]["id"] == "b" and report["failures"][0]["missing"] == ["99 999"]


def test_version_is_printed_on_stdout():
    done = amguide("--version")
    assert done.returncode == 0 and done.stdout.startswith("amguide ") and done.stdout.strip() != "amguide"


def test_ask_accepts_options_after_the_question():
    done = amguide("ask", "montant de l'aide", "à mi-temps", "--json", "--date", "2021-03-01")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["question"] == "montant de l'aide à mi-temps"
    assert "18 000 €" in data["answer"].replace("\u00a0", " ")


def test_ask_refuses_an_unknown_option_clearly():
    done = amguide("ask", "montant de l'aide", "--jsn")
    assert done.returncode == 2 and "arguments non reconnus : --jsn" in done.stderr and not done.stdout


def test_help_is_self_contained():
    for command in (["--help"], ["ask", "--help"], ["simulate", "--help"], ["eval", "--help"], ["kb", "check", "--help"]):
        done = amguide(*command)
        assert done.returncode == 0 and "CONTRACT" not in done.stdout, command
    ask_help = amguide("ask", "--help").stdout
    assert all(key in ask_help for key in ("status", "answer", "clarify", "fallback", "sources", "candidates"))


def test_one_stray_word_does_not_make_a_known_question_refused():
    """A word no entry uses (« bold », left by markup, or « zut ») weighs like the question's known words, not like
    the rarest word there is: it no longer drowns « combien pour un mi temps »; off-topic stays declined."""
    plain = json.loads(amguide("ask", "--json", "combien pour un mi temps").stdout)
    assert plain["status"] == "answer"
    for stray in ("bold combien pour un mi temps", "[bold]combien pour un mi temps", "zut combien pour un mi temps"):
        data = json.loads(amguide("ask", "--json", stray).stdout)
        assert (data["status"], data["intent"]) == ("answer", plain["intent"]), stray
    off_topic = json.loads(amguide("ask", "--json", "zut quel temps fera-t-il demain ?").stdout)
    assert off_topic["status"] == "fallback" and off_topic["intent"] is None


def test_every_question_file_of_the_bench_is_readable_by_eval():
    """The team's question files (probes, coverage questions, lots) are all in the eval format: `amguide eval` reads
    each of them (bench/probes.yaml had no ids and was refused)."""
    from tui.commands.eval import read_items

    files = sorted((ROOT / "bench").glob("probes*.yaml")) + [ROOT / "bench" / "coverage_facts.yaml"] + sorted(
        (ROOT / "bench" / "lots").glob("*.yaml"))
    for path in files:
        items = read_items(path)
        assert items and len({i["id"] for i in items}) == len(items), path
