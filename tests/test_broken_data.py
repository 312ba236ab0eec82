"""amguide's own data files broken (an edit gone wrong): a located French message and exit 1, no traceback."""

import pytest

from chatbot import form, language
from tests.tui_helpers import make_app, run, until
from tui.cli import main


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """The form and the vocabulary read from a file whose line 2 has a list where text is expected."""
    bad = tmp_path / "casse.yaml"
    bad.write_text("slots: {}\nstart: [pas, un, dictionnaire]\nstarters: []\n", encoding="utf-8")
    for module in (form, language):
        monkeypatch.setattr(module, "path", lambda: bad)
    form.form.cache_clear()
    language.vocabulary.cache_clear()
    yield bad
    monkeypatch.undo()
    form.form.cache_clear()
    language.vocabulary.cache_clear()


def test_cli_names_the_file_and_line(broken, capsys):
    assert main(["ask", "bonjour"]) == 1
    err = capsys.readouterr().err
    assert "fichiers de données invalides" in err and f"{broken}:2" in err and "Traceback" not in err


def test_chat_ui_quits_with_the_message(broken):
    async def scenario():
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await until(lambda: app.return_code is not None, pilot)
            shown = " ".join(str(r) for r in app._exit_renderables)   # printed by Textual once the screen is gone
        assert app.return_code == 1
        assert "fichiers de données invalides" in shown and f"{broken}:2" in shown
    run(scenario())
