"""The presenter mode (`amguide atelier`) driven with Pilot: navigation, quiz reveal and tally, expectations,
questions from the room, the volunteer's result, resume after a kill, Markdown export; plus its content."""

import asyncio
import datetime as dt
import html
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from common.userfiles import data_dir
from rules import business_summary
from tui.atelier.app import AtelierApp
from tui.atelier.content import Evening
from tui.atelier.state import EveningState, load_state, state_path

DAY = dt.date(2026, 11, 24)
ROOT = Path(__file__).resolve().parent.parent


def screen_text(app) -> str:
    """The screen's text, from the SVG screenshot (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


def screen_lines(app) -> list[str]:
    """The screen as its rows of text, each character in its column (read from the SVG screenshot)."""
    svg = app.export_screenshot()
    rows = [[" "] * app.size.width for _ in range(app.size.height)]
    cell = r'<text class="[^"]*" x="([0-9.]+)" y="[0-9.]+" textLength="[0-9.]+" clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>'
    width = float(re.search(r'<text class="[^"]*" x="[0-9.]+" y="[0-9.]+" textLength="([0-9.]+)"[^>]*>(?:[^<])</text>', svg).group(1))
    for x, line, text in re.findall(cell, svg):
        column = round(float(x) / width)
        for k, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if int(line) < len(rows) and column + k < len(rows[0]):
                rows[int(line)][column + k] = char
    return ["".join(row).rstrip() for row in rows]


async def slide_text(pilot) -> str:
    """The whole current slide, scrolling it down a screen at a time (a chapter can be taller than the room's screen)."""
    slide = pilot.app.screen.query_one("#slide")
    seen = [screen_text(pilot.app)]
    while slide.scroll_y < slide.max_scroll_y:
        slide.scroll_relative(y=slide.size.height - 2, animate=False)
        await pilot.pause()
        seen.append(screen_text(pilot.app))
    return "\n".join(seen)


def drive(steps, size=(120, 36), fresh=True):
    """Run `steps(pilot)` against a new atelier; return the app once it has closed."""
    app = AtelierApp(on=DAY, fresh=fresh)

    async def main():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(main())
    return app


async def typed(pilot, text: str) -> None:
    for char in text:
        await pilot.press({" ": "space", "-": "minus", "=": "equals_sign"}.get(char, char))


def test_chapters_from_programme_with_figures_from_parameters():
    evening = Evening(DAY)
    assert [c.title for c in evening.chapters] == [s.step for s in evening.kb.evening.programme]
    money = next(c for c in evening.chapters if "amounts" in c.pictures)
    half = next(f for f in money.figures if f.label.startswith("Mi-temps"))
    assert (half.before, half.now) == ("18\xa0000\xa0€", "19\xa0000\xa0€")      # « en 2019 → aujourd'hui »
    third = next(f for f in money.figures if f.label.startswith("Tiers-temps"))
    assert third.before == "12\xa0000\xa0€" and third.now != third.before
    assert all(c.sources for c in evening.chapters if c.points)
    # before the 2024 convention nothing changed for the half-time amount: no « en 2019 » column
    early = Evening(dt.date(2020, 3, 1))
    half_2020 = next(f for c in early.chapters for f in c.figures if f.label.startswith("Mi-temps"))
    assert half_2020.before is None and half_2020.now == "18\xa0000\xa0€"


def test_amounts_chart_names_its_columns_and_agrees_with_the_chat():
    """Chapter 5's chart: a column per regime, each named; the tiers-temps' running contracts get the 2024
    revalued amounts there, the parameters `ask` and the chat answer from (2e année 9 450 €, 3e année et +
    7 350 €; tests/test_lookups.py), starred and explained, and its 1st year is closed since 1 May 2023."""
    from rich.console import Console

    from tui.atelier import charts

    evening = Evening(DAY)
    console = Console(width=116, record=True)
    console.print(charts.amounts(evening, 116))
    text = console.export_text().replace("\xa0", " ")
    revalued = evening.params["amounts_tiers_temps"].value_at(DAY)
    row = lambda label: next(line.strip() for line in text.splitlines() if line.strip().startswith(label))
    figure = lambda value: f"{value:,}".replace(",", " ")
    assert row("Tiers-temps, an 2").endswith(f"9 000*   {figure(revalued.year_2)}*")
    assert row("Tiers-temps, an 3 et +").endswith(f"7 000*   {figure(revalued.year_3_plus)}*")
    assert row("Tiers-temps, an 1").endswith("fermé    fermé")
    flat = " ".join(text.split())
    assert all(f"{r} (" in flat for r in ("A7", "RA2023", "C2024")) and "pour ceux en cours" in flat
    assert "* Tiers-temps : contrats signés avant le 1er mai 2023 seulement" in flat


def test_navigation_keys():
    seen = []

    async def steps(pilot):
        state = pilot.app.evening_run.state
        seen.append(state.chapter)                      # a new evening opens on the programme
        assert "Programme de la soirée" in screen_text(pilot.app)
        for key in ["right", "5", "pagedown", "left", "pageup", "9", "right", "home"]:
            await pilot.press(key)
            seen.append(state.chapter)
        await pilot.press("4")
        await pilot.pause()
        assert "4/9 · Critères d'éligibilité" in screen_text(pilot.app)

    drive(steps)
    assert seen == [-1, 0, 4, 5, 4, 3, 8, 8, -1]


def test_chapter_list_shows_every_title_whole():
    async def steps(pilot):
        await pilot.press("9")
        await pilot.pause()
        side = [line[:pilot.app.screen.query_one("#side").size.width] for line in screen_lines(pilot.app)]
        assert "▶ 9. Et maintenant, j'embauche ?" in [row.strip() for row in side]
        listed = " ".join(" ".join(side).split())
        for c in pilot.app.evening_run.evening.chapters:
            assert f"{c.number}. {c.title}" in listed

    drive(steps)


def test_programme_key_line_names_the_keys_the_screen_binds():
    """The keys printed on the programme's slide are the trainer's only help: each must do what it says."""
    from tui.atelier.screens.atelier_screen import AtelierScreen

    bound = {key.strip() for b in (*AtelierScreen.BINDINGS, *AtelierApp.BINDINGS) for key in b.key.split(",")}
    named = {"←/→": ["left", "right"], "1-9": [str(n) for n in range(1, 10)], "Début": ["home"]}
    line = Evening(DAY).data.texts["keys"]
    for part in line.split(" · "):
        word = part.split()[0]
        for key in named.get(word, [word.lower()]):
            assert key in bound, f"« {part} » : la touche {key} ne fait rien"


def test_quiz_reveal_tally_and_prepost():
    async def steps(pilot):
        app = pilot.app
        state = app.evening_run.state
        await pilot.press("p")
        await pilot.pause()
        assert "Pré-test · question 1/" in screen_text(app)
        assert "bonne réponse" not in screen_text(app)
        await pilot.press("1", "1", "2", "2", "backspace", "3")
        assert state.hands("pre", 0, 3) == [2, 1, 1]
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert "1. Le 20 juin 2019 ✓ bonne réponse" in text and "Réponse : 1. Le 20 juin 2019" in text
        assert "2 (50 %)" in text
        await pilot.press("right", "t")
        await pilot.pause()
        await typed(pilot, "3 9 1")
        await pilot.press("enter")
        assert state.hands("pre", 1, 3) == [3, 9, 1]
        await pilot.press("escape", "o")                 # post-test: same questions, own tallies
        await pilot.press("1", "1", "1", "1")
        assert state.hands("post", 0, 3) == [4, 0, 0] and state.hands("pre", 0, 3) == [2, 1, 1]
        await pilot.press("escape", "8")
        await pilot.pause()
        text = await slide_text(pilot)
        assert "Bonnes réponses, avant → après" in text and "50 %" in text and "100 %" in text

    drive(steps)


def test_bad_counts_are_refused_and_kept_to_be_corrected():
    """The box stays open with the counts as typed and says what is wrong; corrected, they are counted."""
    from textual.widgets import Input

    from tui.atelier.screens.text_prompt import TextPrompt

    async def steps(pilot):
        app = pilot.app
        await pilot.press("p", "t")
        await pilot.pause()
        for text, problem in [("2 7 -1", "« -1 » n'est pas un nombre entier positif ou nul"),
                              ("2 7", "Il faut 3 nombres, un par choix dans l'ordre ; vous en avez tapé 2"),
                              ("2 7 5000", "au plus 999 mains par choix")]:
            app.screen.query_one(Input).value = ""
            await typed(pilot, text)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TextPrompt) and app.screen.query_one(Input).value == text
            assert problem in screen_text(app)
            assert app.evening_run.state.hands("pre", 0, 3) == [0, 0, 0]
        app.screen.query_one(Input).value = "2 7 1"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, TextPrompt)
        assert app.evening_run.state.hands("pre", 0, 3) == [2, 7, 1]

    drive(steps)


def test_expectations_are_listed_ticked_and_back_at_bilan():
    async def steps(pilot):
        app = pilot.app
        await pilot.press("a")
        await typed(pilot, "[bold]les montants")
        await pilot.press("enter")
        await pilot.press("a")
        await typed(pilot, "qui peut former")
        await pilot.press("enter", "e", "enter")       # tick the first one
        await pilot.press("escape")                   # leaves the list; the digits are the slides' again
        await pilot.pause()
        state = app.evening_run.state
        assert [(e.text, e.done) for e in state.expectations] == [("[bold]les montants", True), ("qui peut former", False)]
        await pilot.press("8")
        await pilot.pause()
        text = await slide_text(pilot)
        assert "1 sur 2 traitée(s)" in text and "[x] [bold]les montants" in text and "[ ] qui peut former" in text

    drive(steps)


def test_question_from_the_room_is_answered_and_logged():
    async def steps(pilot):
        app = pilot.app
        await pilot.press("3", "i")
        await pilot.pause()
        await typed(pilot, "combien d'heures de formation pour une aide-soignante ?")
        await pilot.press("enter")
        from tests.tui_helpers import until
        await until(lambda: app.evening_run.state.questions, pilot, 240)   # the first answer loads the engine
        logged = app.evening_run.state.questions[0]
        assert logged.chapter == 2 and "formation" in logged.question
        assert "115" in logged.answer or "heures" in logged.answer
        await pilot.press("escape")

    drive(steps)


def test_volunteer_profile_gives_the_personal_result():
    async def steps(pilot):
        app = pilot.app
        await pilot.press("9", "v")
        await pilot.pause()
        for value in ["médecine générale", "1", "", "P60", "mi-temps", "", "hors zone"]:   # the room's words
            await typed(pilot, value)
            await pilot.press("tab")
        await pilot.pause(0.2)
        text = app.screen.result_text()
        assert "Éligible" in text and "19\xa0000" in text
        assert business_summary.TITLE in text   # the business case, once an option is chosen
        app.screen.query_one("#field-percentile").value = "250"
        assert "percentile" in app.screen.result_text() and "corriger" in app.screen.result_text()

    drive(steps)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_volunteer_fields_typed_fast_land_in_their_own_field(size):
    """Keys arriving faster than the screen redraws (a busy laptop, a fast typist): what follows Tab or
    Entrée goes to the next field, and the result is shown once the typing pauses, its amounts table
    whole on one line per option even at 80 columns."""
    from textual import events

    from tests.tui_helpers import until

    async def steps(pilot):
        app = pilot.app
        await pilot.press("9", "v")
        await pilot.pause()
        for char in "MG\t1\tnon\n50\ttemps plein\t30\tZIP":
            key = {"\t": "tab", "\n": "enter", " ": "space"}.get(char, char)
            app.post_message(events.Key(key, None if len(key) > 1 and key != "space" else char))
        await pilot.pause(0.5)
        values = {i.id.removeprefix("field-"): i.value for i in app.screen.query("Input")}
        assert values == {"specialty": "MG", "sector": "1", "optam": "non", "zone": "ZIP", "percentile": "50",
                          "option": "temps plein", "consultation_fee": "30"}
        await until(lambda: "Éligible" in screen_text(app), pilot)
        rows = screen_lines(app)
        await pilot.press("pagedown")      # the cost table is below the verdict: whole on the first or second page
        await pilot.pause()
        rows += screen_lines(app)
        assert any(re.search(r"(?:^|\s)1 {2,}[\d −]+ 38 000(?: |$)", row) for row in rows), "\n".join(rows)   # a row, not wrapped

    drive(steps, size=size)


def test_export_markdown(tmp_path):
    async def steps(pilot):
        app = pilot.app
        await pilot.press("a")
        await typed(pilot, "financement")
        await pilot.press("enter", "p", "1", "1", "2", "escape", "o", "1", "escape")
        app.evening_run.state.log_question(4, "Et le tiers-temps ?", "Fermé depuis le 1er mai 2023.")
        await pilot.press("f3")
        await pilot.pause()
        paths.append(app.screen.last_export)

    paths: list = []
    drive(steps)
    exports = sorted((data_dir() / "exports").glob("soiree_*.md"))
    assert exports == paths
    text = exports[-1].read_text(encoding="utf-8")
    assert "## Programme" in text and "9. **Et maintenant, j'embauche ?**" in text
    assert "| Quand l'avenant 7 créant l'aide aux assistants médicaux a-t-il été signé ? | Le 20 juin 2019 | 3 | 67 % | 1 | 100 % |" in text
    assert "- [ ] financement" in text
    assert "### Et le tiers-temps ?" in text and "*Chapitre 5 — L'aspect financier*" in text
    assert "## Sources" in text and "SEXTANT 76" in text
    assert not list((data_dir() / "exports").glob(".*.tmp"))


def test_resume_after_a_kill(tmp_path):
    """A real kill -9 in the middle of the evening, a moment after the last change: the next start resumes
    chapter and tallies; what a kill loses is the last SAVE_AFTER seconds at most (the write is then done)."""
    script = f"""
import asyncio, datetime as dt, os, signal, time
from tui.atelier.app import AtelierApp
from tui.atelier.evening_run import SAVE_AFTER
from tui.atelier.state import load_state
async def main():
    app = AtelierApp(on=dt.date(2026, 11, 24), fresh=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("p", "2", "2", "3", "r", "escape", "5", "a")
        for c in "retour":
            await pilot.press(c)
        await pilot.press("enter")
        changed = time.monotonic()
        while not load_state()[0].expectations:
            await asyncio.sleep(0.01)
        print("written after", time.monotonic() - changed, "s; SAVE_AFTER", SAVE_AFTER, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
asyncio.run(main())
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=os.environ.copy(), timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    after, limit = (float(w) for w in re.findall(r"[0-9.]+", done.stdout))
    assert after < limit + 1.0, done.stdout      # written within a fraction of a second (slack: a loaded machine)
    saved, notice = load_state()
    assert saved is not None and saved.chapter == 4 and notice is None

    async def steps(pilot):
        state = pilot.app.evening_run.state
        assert pilot.app.evening_run.resumed
        assert state.chapter == 4 and state.hands("pre", 0, 3) == [0, 2, 1] and state.revealed["pre"] == [0]
        assert [e.text for e in state.expectations] == ["retour"]
        await pilot.pause()
        assert "5/9 · L'aspect financier" in screen_text(pilot.app)

    drive(steps, fresh=False)


def test_a_burst_of_changes_is_written_once_and_an_unchanged_state_not_at_all(monkeypatch):
    """Each key wrote the whole evening (~34 ms here): changes are written once SAVE_AFTER has passed since the
    first of them (here longer than the test: the close writes them), whole; a state given back as it was
    loaded writes nothing. (How soon a write follows a change: test_resume_after_a_kill.)"""
    import tui.atelier.evening_run as evening_run

    written = []
    write = evening_run.write_atomic
    monkeypatch.setattr(evening_run, "write_atomic", lambda path, text: (written.append(text), write(path, text))[1])
    monkeypatch.setattr(evening_run, "SAVE_AFTER", 60.0)

    async def burst(pilot):
        written.clear()
        await pilot.press("2", "3", "4", "5")            # four chapters, then the atelier is closed
        assert written == []

    drive(burst)
    assert [json.loads(text)["chapter"] for text in written] == [4]
    assert load_state()[0].chapter == 4

    async def away_and_back(pilot):
        await pilot.press("4", "5")

    drive(away_and_back, fresh=False)
    assert len(written) == 1


def test_the_last_change_is_written_when_the_atelier_closes():
    """Closed right after a change (Ctrl+Q, or Échap back to the chat): written then, not lost with the timer."""
    async def steps(pilot):
        await pilot.press("7")

    drive(steps)
    assert load_state()[0].chapter == 6


def test_saved_state_is_whole_json_and_a_broken_one_gives_a_fresh_evening():
    async def steps(pilot):
        await pilot.press("3", "a")
        await typed(pilot, "x")
        await pilot.press("enter")

    drive(steps)
    saved = json.loads(state_path().read_text(encoding="utf-8"))
    assert saved["chapter"] == 2 and saved["expectations"] == [{"text": "x", "done": False}]
    broken = '{"chapter": "trois", "tallies": ['
    state_path().write_text(broken, encoding="utf-8")
    assert EveningState.from_json(state_path().read_text()).chapter == -1

    async def fresh(pilot):
        assert pilot.app.evening_run.state.chapter == -1
        assert "mise de côté" in pilot.app.evening_run.notice

    drive(fresh, fresh=False)
    kept = [p for p in state_path().parent.glob("soiree.json.broken-*") if p.read_text(encoding="utf-8") == broken]
    assert len(kept) == 1      # the damaged evening is kept, not overwritten by the new one


def test_readable_at_80x24():
    async def steps(pilot):
        app = pilot.app
        await pilot.press("5")
        await pilot.pause()
        assert app.screen.has_class("narrow")           # the side lists give their room to the slide
        text = screen_text(app)
        assert "5/9 · L'aspect financier" in text
        footer = screen_lines(app)[-1]                   # the room's keys fit: question, volunteer, export
        assert all(k in footer for k in ("i Question", "v Volontaire", "f3 Exporter")), footer
        await pilot.press("p", "r")
        await pilot.pause()
        assert "✓ bonne réponse" in screen_text(app)

    drive(steps, size=(80, 24))


def test_opened_from_the_chat_and_back():
    from tests.tui_helpers import make_app, ready

    app = make_app()

    async def main():
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await pilot.press("f7")
            await pilot.pause()
            assert type(app.screen).__name__ == "AtelierScreen"
            await pilot.press("escape")
            await pilot.pause()
            assert type(app.screen).__name__ == "ChatScreen"

    asyncio.run(main())


def test_the_volunteers_simulation_is_kept_and_exported():
    """« Et maintenant, j'embauche ? »: the profile typed and its result are in the evening's export (written
    whole), in the saved evening, and back in the fields when the screen is opened again."""
    async def steps(pilot):
        app = pilot.app
        await pilot.press("9", "v")
        await pilot.pause()
        for value in ["MG", "1", "", "P60", "mi-temps", "30"]:
            await typed(pilot, value)
            await pilot.press("tab")
        await typed(pilot, "ZIP")
        await pilot.press("escape")          # closed at once: what was typed last is kept too
        await pilot.pause()
        assert app.evening_run.state.volunteer == {"specialty": "MG", "sector": "1", "percentile": "P60",
                                                  "option": "mi-temps", "consultation_fee": "30", "zone": "ZIP"}
        await pilot.press("v")
        await pilot.pause(0.5)
        assert app.screen.query_one("#field-zone").value == "ZIP"
        assert "Coût et équilibre" in app.screen.result_text()
        await pilot.press("escape", "f3")
        await pilot.pause()
        paths.append(app.screen.last_export)

    paths: list = []
    drive(steps)
    assert EveningState.parse(state_path().read_text(encoding="utf-8")).volunteer["percentile"] == "P60"
    text = paths[0].read_text(encoding="utf-8")
    section = text[text.index("## Et maintenant, j'embauche ?"):text.index("## Sources")]
    assert "- Percentile d'activité : P60" in section and "- Zone : ZIP" in section
    assert "Éligible" in section and "Coût et équilibre" in section
    assert re.search(r"\| 1 .*19\s000", section) and re.search(r"4\s820", section)   # mi-temps aid, balance
    assert not list((data_dir() / "exports").glob(".*.tmp"))


def test_an_evening_without_a_volunteer_exports_no_such_section():
    from tui.atelier.export import to_markdown

    state = EveningState()
    state.type_volunteer({"specialty": "   ", "sector": ""})
    assert state.volunteer == {}
    assert "j'embauche ? —" not in to_markdown(Evening(DAY), state)
    state.type_volunteer({"specialty": "MG [bold]|x"})
    assert "- Spécialité : MG \\[bold\\]\\|x" in to_markdown(Evening(DAY), state)
    assert EveningState.parse(state.to_json()).volunteer == {"specialty": "MG [bold]|x"}
