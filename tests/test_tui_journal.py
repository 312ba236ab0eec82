"""A crash loses nothing of the conversation: the chat keeps it on disk as it goes (tui/journal.py), and the next
chat puts what was said before the crash first in its export, saying where each part starts."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from common.userfiles import data_dir
from tests.tui_helpers import make_app, ready, run, send, until
from tui.journal import Journal, folder

ROOT = Path(__file__).resolve().parent.parent

CRASH = """
import asyncio, json, os, signal, sys
sys.path.insert(0, "tests")
from tui_helpers import make_app, ready, send
from tui.journal import folder
async def main():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        for text in ("qui peut devenir assistant médical ?", "je suis MG secteur 1, 52 ans, 1200 patients médecin traitant"):
            await send(pilot, text)
        path = folder() / f"{os.getpid()}.json"
        while not (path.exists() and "# Simulation" in json.loads(path.read_text(encoding="utf-8"))["markdown"]):
            await asyncio.sleep(0.02)
        os.kill(os.getpid(), signal.SIGKILL)
asyncio.run(main())
"""


def crash_a_chat() -> None:
    done = subprocess.run([sys.executable, "-c", CRASH], cwd=ROOT, env=os.environ.copy(), timeout=300,
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert len(list(folder().glob("*.json"))) == 1


def test_the_export_after_a_crash_starts_with_what_was_said_before_it():
    crash_a_chat()

    async def scenario():
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            said = [n.message for n in app._notifications]
            assert any("s'est interrompue" in m and "prochain export (F3)" in m for m in said), said
            await send(pilot, "combien d'heures de formation ?")
            await pilot.press("f3")
            await until(lambda: hasattr(app, "last_export"), pilot)
            text = app.last_export.read_text(encoding="utf-8")
            before, _, after = text.partition("## Depuis le redémarrage (conversation commencée le ")
            assert "## Avant l'interruption (conversation commencée le " in before
            assert "> qui peut devenir assistant médical ?" in before and "1200 patients médecin traitant" in before
            assert "# Simulation" in before                   # the crashed chat's simulation, with its data
            assert "> combien d'heures de formation ?" in after and "qui peut devenir" not in after
            # the crashed chat's file is now part of this chat's own journal (a second crash would keep it too)
            files = list(folder().glob("*.json"))
            assert [f.name for f in files] == [f"{os.getpid()}.json"]
            assert "qui peut devenir" in json.loads(files[0].read_text(encoding="utf-8"))["earlier"][0]["markdown"]
            await pilot.press("f5")                            # a new conversation: the earlier one goes too
            await pilot.pause()
            assert app.journal.earlier == []
    run(scenario())
    assert not list(folder().glob("*.json"))                   # a normal exit leaves nothing behind


def test_a_normal_exit_leaves_nothing_and_the_next_chat_says_nothing():
    async def first():
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await send(pilot, "qui peut devenir assistant médical ?")
            await until(lambda: (folder() / f"{os.getpid()}.json").exists(), pilot)
    run(first())
    assert not list(folder().glob("*.json"))
    journal = Journal()
    assert journal.adopt() is None and journal.earlier == []


def test_a_running_chats_journal_is_left_alone_and_a_damaged_one_is_dropped(tmp_path):
    folder().mkdir(parents=True)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (folder() / f"{alive.pid}.json").write_text(json.dumps({"started": "2026-11-24T19:40:00", "earlier": [],
                                                                 "markdown": "**Vous :**"}), encoding="utf-8")
        (folder() / "999999999.json").write_text("{not json", encoding="utf-8")
        journal = Journal()
        assert journal.adopt() is None
        assert (folder() / f"{alive.pid}.json").exists() and not (folder() / "999999999.json").exists()
        assert [p.read_text(encoding="utf-8") for p in folder().glob("999999999.json.broken-*")] == ["{not json"]
    finally:
        alive.kill()
        alive.wait()
    journal = Journal()
    assert "commencée le 24 novembre 2026 à 19:40" in journal.adopt()
    assert journal.earlier == [{"started": "2026-11-24T19:40:00", "markdown": "**Vous :**"}]
    assert data_dir() in folder().parents


def test_a_chat_that_stops_on_an_error_keeps_its_journal():
    async def scenario():
        app = make_app()
        try:
            async with app.run_test(size=(100, 30)) as pilot:
                await ready(pilot)
                await send(pilot, "qui peut devenir assistant médical ?")
                await until(lambda: (folder() / f"{os.getpid()}.json").exists(), pilot)
                app.call_later(lambda: 1 / 0)   # a bug: Textual stops the app with its traceback
                await pilot.pause(0.5)
        except ZeroDivisionError:
            pass
        assert app.return_code == 1
    run(scenario())
    journal = Journal()
    assert journal.adopt() and "qui peut devenir assistant médical" in journal.earlier[0]["markdown"]
