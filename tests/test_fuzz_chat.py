"""Hostile input and faults in the chat (issue 14): keys in bursts, a paste arriving as keystrokes, two
chats writing one history, exports within one second, a damaged history, a full disk, a killed writer."""

import asyncio
import errno
import json
import os
import subprocess
import sys

from textual import events

from common.text import number
from common.userfiles import clean_stale, write_new
from tests.conftest import ROOT
from tests.tui_helpers import make_app, ready, run, until
from tui import storage
from tui.widgets.prompt_input import MAX_LENGTH, PromptInput


def burst(app, text: str) -> None:
    """Keys as a terminal driver posts them when they arrive in one read (no await between them)."""
    for char in text:
        key = {"\n": "enter", " ": "space"}.get(char, char)
        app.post_message(events.Key(key, "\r" if key == "enter" else char))


def test_every_enter_of_a_burst_is_kept_in_order():
    questions = [f"question {i} sur la formation" for i in range(12)]

    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            burst(app, "".join(q + "\n" for q in questions))
            await until(lambda: len(app.turns) >= len(questions), pilot, seconds=120)
            await pilot.pause(0.2)
            assert [text for text, _ in app.turns] == questions
            assert app.query_one(PromptInput).value == ""
    run(scenario())


def test_a_paste_of_100_000_keys_is_bounded_and_stays_one_question():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            burst(app, "a" * 100_000 + "\n" + "formation\n")
            while len(app.turns) < 2:
                await asyncio.sleep(0.05)   # not pilot.pause: it would time out waiting for 100 000 keys
            assert [len(text) for text, _ in app.turns] == [MAX_LENGTH, len("formation")]
            said = [str(n.message) for n in app._notifications if "limitée" in str(n.message)]
            assert said and number(MAX_LENGTH) in said[0] and "», le début et la fin" in said[0]   # French number, commas kept
    run(scenario())


def test_two_chats_on_one_data_folder_lose_no_entry(tmp_path):
    """Two processes, each remembering 40 questions as fast as it can: all 80 kept (read-modify-write under a lock)."""
    code = ("import sys\nfrom tui import storage\n"
            "for i in range(40): storage.append_history(f'{sys.argv[1]} {i}')\n")
    env = {**os.environ, "AMGUIDE_DATA_DIR": str(tmp_path)}
    writers = [subprocess.Popen([sys.executable, "-c", code, name], cwd=ROOT, env=env) for name in ("a", "b")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    items = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    assert sorted(items) == sorted(f"{n} {i}" for n in "ab" for i in range(40))
    assert [i for i in items if i.startswith("a")] == [f"a {i}" for i in range(40)]   # each in its own order


def test_two_prompts_merge_their_histories(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))
    first, second = PromptInput(), PromptInput()
    for i in range(20):
        first.remember(f"a{i}")
        second.remember(f"b{i}")
    assert len(storage.load_history()[0]) == 40 and second.history[-2:] == ["a19", "b19"]


def test_history_entries_and_size_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))
    (tmp_path / "history.json").write_text(json.dumps(["x" * 100_000] + [f"q{i}" for i in range(500)]))
    items, notice = storage.load_history()
    assert notice is None and len(items) == storage.LIMIT and items[-1] == "q499"
    (tmp_path / "history.json").write_text(json.dumps(["y" * 50_000]))
    assert [len(i) for i in storage.load_history()[0]] == [storage.MAX_ENTRY]


def test_a_damaged_history_is_kept_aside_and_said_once(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))
    for damaged in (b'["a", "b', b'{"a": 1}', b"\x00\xff\xfe" * 50, b"[" * 100_000):
        (tmp_path / "history.json").write_bytes(damaged)
        items, notice = storage.load_history()
        assert items == [] and "mis de côté" in notice
        aside = [p for p in tmp_path.glob("history.json.broken-*") if p.read_bytes() == damaged]
        assert len(aside) == 1 and str(aside[0]) in notice
        assert storage.append_history("nouvelle") == (["nouvelle"], None)
        (tmp_path / "history.json").unlink()
    assert len(list(tmp_path.glob("history.json.broken-*"))) == 4   # set aside within one second: none replaced

    (tmp_path / "history.json").write_bytes(b"pas du json")

    async def scenario():
        app = make_app()
        said = []
        notify = app.notify
        app.notify = lambda message, *args, **kwargs: (said.append(str(message)), notify(message, *args, **kwargs))[1]
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)   # under load, past a notification's 5 s on screen: what was said is recorded
            assert len([m for m in said if "mis de côté" in m]) == 1
    run(scenario())


def test_a_full_disk_is_said_to_be_full(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("tui.storage.write_atomic", full)
    monkeypatch.setattr("common.userfiles.write_atomic", full)

    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            app.query_one(PromptInput).value = "formation"
            await pilot.press("enter")
            await until(lambda: app.turns, pilot)
            await pilot.press("f3")
            await pilot.pause(0.2)
            messages = [str(n.message) for n in app._notifications]
            assert "Historique non enregistré : disque plein." in messages
            assert "Export impossible : disque plein." in messages
    run(scenario())


def test_exports_in_the_same_second_never_overwrite(tmp_path):
    path = tmp_path / "exports" / "amguide_2026-11-24_120000.md"
    written = [write_new(path, f"conversation {i}") for i in range(3)]
    assert [p.name for p in written] == ["amguide_2026-11-24_120000.md", "amguide_2026-11-24_120000-2.md",
                                         "amguide_2026-11-24_120000-3.md"]
    assert [p.read_text() for p in written] == [f"conversation {i}" for i in range(3)]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_f3_f5_question_f3_keeps_both_conversations(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))

    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            for question in ("qui peut devenir assistant médical ?", "combien d'heures de formation ?"):
                app.query_one(PromptInput).value = question
                await pilot.press("enter")
                await until(lambda: app.turns, pilot)
                await pilot.press("f3", "f5")
    run(scenario())
    exports = sorted((tmp_path / "exports").glob("*.md"))
    assert len(exports) == 2
    texts = [p.read_text(encoding="utf-8") for p in exports]
    assert any("devenir assistant" in t for t in texts) and any("heures de formation" in t for t in texts)


def test_temporary_files_of_killed_writers_are_removed_at_start(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".history.json.{dead.stdout.strip()}.abcd1234.tmp"
    live = tmp_path / f".history.json.{os.getpid()}.efgh5678.tmp"   # a writer still at work
    foreign = tmp_path / "notes.tmp"
    for path in (stale, live, foreign):
        path.write_text("x")
    clean_stale.cache_clear()
    clean_stale(tmp_path)
    assert not stale.exists() and live.exists() and foreign.exists()


def test_an_absurd_saved_evening_is_walked_and_exported(tmp_path, monkeypatch):
    """Positions, tallies and chapters out of range, markup and control characters in the saved evening: the
    presenter walks the programme, both quizzes and a chapter, and the export carries no raw control character."""
    import datetime as dt

    from tests.hostile import ABSURD_EVENING
    from tui.atelier.app import AtelierApp
    from tui.atelier.state import state_path

    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))
    state_path().parent.mkdir(parents=True)
    state_path().write_text(ABSURD_EVENING, encoding="utf-8")

    async def scenario():
        app = AtelierApp(on=dt.date(2026, 11, 24))
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert len(app.evening_run.state.expectations) == 200
            for keys in (["p"], ["1", "2", "r", "right", "1"], ["escape", "o"], ["1", "r"], ["escape"], ["5"], ["f3"]):
                await pilot.press(*keys)
                await pilot.pause(0.05)
    run(scenario())
    exports = list((tmp_path / "exports").glob("soiree_*.md"))
    assert len(exports) == 1 and not any(c in exports[0].read_text(encoding="utf-8") for c in "\x1b\x07")


def test_a_bracketed_paste_is_bounded_joined_and_said():
    """A paste event (terminal or browser) longer than the box: cut to MAX_LENGTH and said, never dropped whole;
    a question pasted over several lines keeps all of them."""
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            box = app.query_one(PromptInput)
            box.post_message(events.Paste("qui peut devenir\nassistant\r\n  médical ?"))
            await pilot.pause()
            assert box.value == "qui peut devenir assistant médical ?"
            box.value = ""
            box.post_message(events.Paste("a" * 1_000_000 + "\nb"))
            await pilot.pause()
            assert len(box.value) == MAX_LENGTH and box.value.startswith("a" * 1000 + " […] ") and box.value.endswith("a b")
            assert any("limitée" in str(n.message) for n in app._notifications)
    run(scenario())
