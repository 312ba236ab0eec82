"""What a first conversation stumbled on (issue 10), through the real command and the session."""

import datetime as dt
import os
import subprocess
import sys

import pytest

from chatbot.session import Session
from tests.conftest import ROOT

DAY = dt.date(2026, 11, 24)
NOT_ELIGIBLE = ["--set", "specialty=médecine générale", "--set", "sector=2", "--set", "optam=false",
                "--set", "percentile=60"]


def amguide(*args: str, stdin: str | None = None, columns: int | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": str(columns)} if columns else None
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          input=stdin, timeout=120, env=env)


def test_not_eligible_leads_with_what_blocks_and_amounts_are_conditional():
    out = amguide("simulate", "--date", "2026-11-24", *NOT_ELIGIBLE).stdout.replace("\u00a0", " ")
    blocks, change, amounts = out.find("Ce qui bloque — Secteur conventionnel"), out.find("Ce qui changerait"), out.find("19 000")
    assert 0 < blocks < change < amounts
    assert "OPTAM" in out[change:amounts]
    assert "si vous étiez éligible" in out and "Montants par année de contrat" not in out


def test_eligible_amounts_are_not_called_conditional():
    out = amguide("simulate", "--date", "2026-11-24", "--profile", "examples/profil.yaml").stdout
    assert "Montants par année de contrat" in out and "Ce qui bloque" not in out and "si vous étiez" not in out


def test_chat_answer_for_a_non_eligible_doctor_is_conditional_too():
    reply = Session(on=DAY).handle("je suis généraliste en secteur 2 sans OPTAM au P60, suis-je éligible ?")
    assert reply.result.eligible == "no"
    assert reply.text.index("Ce qui bloque") < reply.text.index("si vous étiez éligible") < reply.text.index("19")


def test_plain_mode_prints_clean_text_and_echoes_piped_questions():
    question = "montant de l'aide à mi-temps"
    out = amguide("--plain", "--date", "2026-11-24", stdin=question + "\n", columns=200).stdout
    assert f"Vous : {question}" in out
    assert "**" not in out and "##" not in out and "|" not in out and "---" not in out
    table = [line for line in out.splitlines() if line.startswith(("Mi-temps", "Temps plein"))]
    assert len(table) == 2 and table[0].index("19") == table[1].index("38")  # columns aligned


@pytest.mark.parametrize("args", [["--plain"], ["ask", "--plain", "combien touche-t-on ?"]])
def test_plain_tables_fit_an_80_column_terminal(args):
    """The amounts table (160 columns as aligned) is listed row by row at 80 columns, every figure kept."""
    out = amguide(*args, "--date", "2026-11-24", stdin="combien touche-t-on ?\n", columns=80).stdout
    rows = out[out.index("Tiers-temps ("):out.index("« — » : sans objet")]
    assert max(len(line) for line in rows.splitlines()) <= 80
    assert all(figure in rows.replace("\u00a0", " ") for figure in ("19 000 €", "14 000 €", "38 000 €", "12 600 €"))
    assert "**" not in out and "|" not in out and "Sources :" in out


def test_sources_are_titles_with_dates_each_once_without_file_names():
    out = amguide("ask", "--json", "qui peut devenir assistant médical ?").stdout
    human = amguide("ask", "qui peut devenir assistant médical ?").stdout
    result = Session(on=DAY).handle("je suis généraliste en secteur 1 au P60, suis-je éligible ?")
    for text in (out, human, str(result.sources)):
        assert ".txt" not in text and "document 0" not in text
    assert "20 juin 2019" in human
    titles = [s["title"] for s in result.sources]
    assert len(titles) == len(set(titles))


def test_profile_values_are_shown_in_french():
    assert Session.shown("option", "mi_temps") == "mi-temps"
    assert Session.shown("option", "temps_plein") == "temps plein"
    assert Session.shown("sector", "non_conventionne") == "Non conventionné"
    assert Session.shown("zone", "zac") == "Zone d'action complémentaire (ZAC)"
    assert Session.shown("pmt", 1200) == "1\u00a0200" and Session.shown("percentile", 92) == "92"


def test_programme_then_a_number_opens_that_chapter():
    session = Session(on=DAY)
    session.handle("programme")
    reply = session.handle("3")
    assert "Chapitre 3" in reply.text and "Profil et missions" in reply.text
    assert "Chapitre 5" in session.handle("chapitre 5").text


def test_quiz_stop_says_out_of_how_many_and_a_real_question_is_answered():
    session = Session(on=DAY)
    session.handle("quiz")
    reply = session.handle("combien d'heures de formation pour une aide-soignante ?")
    assert reply.intent == "formation.duree" and "115 h" in reply.text and "Question 1 /" in reply.text
    session.handle("1")
    assert "sur 1 question" in session.handle("stop").text


@pytest.mark.parametrize("question", ["how much money does a doctor get for a medical assistant?",
                                      "what is the training for a medical assistant"])
def test_an_english_question_is_answered_in_french(question):
    reply = Session(on=DAY).handle(question)
    assert reply.status == "fallback" and "Je réponds en français" in reply.text
