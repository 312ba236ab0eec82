"""Golden dialogues (tests/dialogues/*.yaml): user turn → expected intent, question asked, verdict, text."""

from pathlib import Path

import pytest
import yaml

from chatbot.session import Session

DIALOGUES = [d for path in sorted((Path(__file__).parent / "dialogues").glob("*.yaml"))
             for d in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d["name"] for d in DIALOGUES])
def test_dialogue(dialogue):
    session = Session(on=dialogue["date"])
    for number, turn in enumerate(dialogue["turns"], 1):
        reply = session.handle(turn["user"])
        where = f"tour {number} « {turn['user']} » → {reply.status} {reply.intent} {reply.asking}\n{reply.text}"
        if "status" in turn:
            assert reply.status == turn["status"], where
        if "intent" in turn:
            assert reply.intent == turn["intent"], where
        if "asking" in turn:
            assert reply.asking == turn["asking"], where
        if "verdict" in turn:
            assert reply.result is not None and reply.result.eligible == turn["verdict"], where
        for text in turn.get("contains", []):
            assert text in reply.text.replace("\u00a0", " ").replace(" €", " €"), where
        if "profile" in turn:
            expected = turn["profile"]
            shown = {k: v for k, v in reply.profile.items() if k != "structure"}
            if expected:
                assert {k: shown.get(k) for k in expected} == expected, where
            else:
                assert shown == {}, where
