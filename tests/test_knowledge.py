"""The knowledge base: valid, sourced, complete, and faithful to the seed tables."""

import re
from collections import defaultdict
from pathlib import Path

import pytest

from chatbot.normalize import normalize
from knowledge import read_dir, shipped, shipped_dir
from rules.params import shipped as params
from tests.conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "broken_kb"

# Every topic that issue #3 lists, by the entry that covers it.
TOPICS = {
    "avenant 7 et sa date": "dispositif.avenant7", "trois enjeux": "dispositif.enjeux",
    "Ma Santé 2022": "dispositif.ma_sante_2022", "signataires": "dispositif.signataires",
    "plus de patients contre l'aide": "dispositif.contrepartie", "règlement arbitral 2023": "dispositif.reglement_arbitral",
    "convention 2024": "convention2024.changements", "second assistant": "convention2024.second_assistant",
    "trois types de missions": "missions.types", "ce qu'un assistant ne fait pas": "missions.limites",
    "avant / pendant / après la consultation": "missions.deroulement_consultation",
    "qui recruter": "profil.qui_recruter", "heures de formation": "formation.duree", "délais": "formation.delais",
    "CQP": "formation.cqp", "qui paie la formation": "formation.financement", "organismes": "formation.organismes",
    "secrétaire remplacée": "employeur.secretaire", "options": "montants.options", "montants par année": "montants.annuels",
    "P90–P95 et P95": "montants.forte_activite", "secteur et OPTAM": "eligibilite.secteur",
    "spécialités exclues": "eligibilite.specialites", "chirurgiens": "eligibilite.chirurgiens",
    "exercice regroupé": "eligibilite.cabinet_groupe", "seuils d'activité": "eligibilite.seuil_activite",
    "cas particuliers": "eligibilite.cas_particuliers", "centres de santé": "centres.eligibilite",
    "montants des centres": "centres.montants", "résultats et chiffres": "chiffres.contrats",
    "hausse de patientèle": "chiffres.patientele", "actes par jour": "chiffres.actes",
    "provocation": "debat.infirmiers", "IPA et secrétaires": "debat.redondance",
    "secrétaire protégée": "debat.secretaire_protegee", "enquête BVA": "enquete_bva.presentation",
    "avis des assistants": "enquete_bva.assistants", "thèses": "theses.references", "tableau des tâches": "theses.tableau",
    "indispensables": "theses.taches_indispensables", "accessoires": "theses.taches_accessoires",
    "étranger": "international.pays", "CDD": "employeur.cdd", "heures": "employeur.horaires",
    "salaire": "employeur.salaire", "groupement d'employeurs": "employeur.groupement",
    "absence": "employeur.absence", "assistant partagé": "employeur.partage", "simulateur ameli": "simulateur.ameli",
    "programme de la soirée": "soiree.programme", "quiz": "soiree.quiz",
}


def test_shipped_knowledge_is_valid():
    kb, errors = read_dir(shipped_dir())
    assert errors == [], "\n".join(map(str, errors))
    assert len(kb.entries) >= 70


@pytest.mark.parametrize("topic,entry_id", TOPICS.items())
def test_every_topic_of_the_issue_is_covered(topic, entry_id):
    assert entry_id in shipped().by_id, topic


def test_entries_are_sourced_with_enough_examples():
    kb = shipped()
    assert len({e.id for e in kb.entries}) == len(kb.entries)
    for entry in kb.entries:
        assert entry.sources and all(s in kb.sources for s in entry.sources), entry.id
        assert 10 <= len(entry.examples) <= 30, entry.id
        assert all(r in kb.by_id for r in entry.related), entry.id


def test_no_example_under_two_entries_once_normalised():
    owners = defaultdict(set)
    for entry in shipped().entries:
        for example in entry.examples:
            owners[normalize(example)].add(entry.id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_amounts_and_thresholds_are_not_typed_in_answers():
    """Figures the rules own are rendered from the parameters ({{…}}), never typed a second time."""
    figures = set()
    for name, parameter in params().items():
        if name.startswith(("amounts_", "centre_amounts", "centre_thresholds")):
            for dated in parameter.history:
                data = dated.value.model_dump() if dated.value is not None else {}
                stack = [data]
                while stack:
                    item = stack.pop()
                    values = item.values() if isinstance(item, dict) else [item]
                    for value in values:
                        if isinstance(value, dict):
                            stack.append(value)
                        elif isinstance(value, int) and not isinstance(value, bool) and value >= 400:
                            figures.add(value)
    for entry in shipped().entries:
        typed = {int(n.replace(" ", "").replace("\u00a0", "")) for n in re.findall(r"\b\d{1,3}(?:[ \u00a0]\d{3})+\b|\b\d{3,6}\b", entry.answer)}
        assert not typed & figures, (entry.id, typed & figures)


def test_quiz_has_at_least_twenty_valid_questions():
    quiz = shipped().evening.quiz
    assert len(quiz) >= 20
    for q in quiz:
        assert 0 <= q.answer < len(q.choices) and q.explanation


def test_survey_table_is_complete_and_consistent():
    survey = shipped().survey
    assert len(survey.rows) == 69
    for row in survey.rows:
        assert abs(row.indispensable.pct + row.utile.pct + row.accessoire.pct - 100) <= 0.6, row.task
        assert row.indispensable.n + row.utile.n + row.accessoire.n == survey.respondents == 37
    tasks = {r.task for r in survey.rows}
    assert set(survey.indispensables) <= tasks and set(survey.accessoires) <= tasks
    assert len(survey.indispensables) == 26 and len(survey.accessoires) == 17


def test_survey_rows_match_the_seed_table():
    seed = SHARED / "seeds" / "002_048f12cb6c53df9b.txt"
    if not seed.exists():
        pytest.skip("seed 002 absent")
    text = seed.read_text(encoding="utf-8")
    counts = re.findall(r"\(=(\d+)\)\t\S+ \(=(\d+)\)\t\S+ \(=(\d+)\)", text.replace("% (", " ("))
    rows = [(r.indispensable.n, r.utile.n, r.accessoire.n) for r in shipped().survey.rows]
    assert [tuple(map(int, c)) for c in counts] == rows


def test_international_table_has_the_five_countries():
    names = {c.id for c in shipped().international.countries}
    assert names == {"allemagne_suisse", "australie", "canada", "usa", "pays_bas"}


def test_broken_files_are_reported_with_file_and_line():
    _, errors = read_dir(FIXTURES, sorted(FIXTURES.glob("*.yaml")))
    found = {(Path(e.file).name, e.line, e.field, e.message) for e in errors}
    assert ("doublons.yaml", 5, "", "YAML invalide (clé en double : 'title')") in found
    assert ("champs.yaml", 9, "entries.0.auteur", "champ inconnu") in found
    assert ("champs.yaml", 14, "entries.1.sources", "liste attendue") in found


def test_unknown_source_related_and_duplicate_example_are_reported(tmp_path):
    (tmp_path / "sources.yaml").write_text("seed000: {title: Source}\n", encoding="utf-8")
    good = (FIXTURES / "champs.yaml").read_text(encoding="utf-8").replace("    auteur: quelqu'un\n", "")
    good = good.replace("sources: seed000", "sources: [seed000]")
    (tmp_path / "fiches.yaml").write_text(good, encoding="utf-8")
    _, errors = read_dir(tmp_path)
    messages = {(e.field, e.message) for e in errors}
    assert ("essai.second.sources", "source inconnue : source_inconnue") in messages
    assert ("essai.second.related", "fiche liée inconnue : essai.inexistant") in messages
    assert any(f == "essai.troisieme.examples" and "déjà utilisé" in m for f, m in messages)
    assert any(e.file.endswith("fiches.yaml") and e.line for e in errors if e.field.startswith("essai"))


def test_a_dash_in_the_amounts_table_is_explained():
    """The closed tiers-temps has no 1st-year amount since 2024 (« — »): the table says why, and only then."""
    import datetime as dt

    from chatbot.session import Session

    today = Session(on=dt.date(2026, 11, 24)).handle("tableau des montants par option").text
    assert "| — |" in today and "« — » : sans objet" in today
    before = Session(on=dt.date(2022, 1, 10)).handle("tableau des montants par option").text
    assert "| — |" not in before and "« — »" not in before


@pytest.mark.parametrize("question, intent", [
    ("comment je fais les bulletins de salaire de mon assistante ?", "employeur.paie"),
    ("qu'est-ce qui a changé dans l'aide depuis 2019 ?", "dispositif.evolution"),
    ("notre centre de santé veut recruter un assistant : quel profil et quelle formation ?", "centres.profil"),
    ("combien d'ETP d'assistants financés fin 2024 ?", "chiffres.contrats"),
])
def test_entries_of_the_practicalities_and_the_history_answer(question, intent):
    import datetime as dt

    from chatbot.session import Session

    reply = Session(on=dt.date(2026, 11, 24)).handle(question)
    assert reply.status == "answer" and reply.intent == intent, (reply.status, reply.intent)


@pytest.mark.parametrize("question, intent", [
    # an act the answer names, asked as the doctor says it
    ("l'AM peut-elle aider mes patients âgés à se rhabiller ?", "missions.consultation"),
    ("déshabiller le patient avant l'examen : je peux le confier à l'AM ?", "missions.consultation"),
    # the qualification's name, asked as « which title / diploma »
    ("Quel diplôme décroche une assistante médicale à la fin de son cursus ?", "formation.cqp"),
    # « à ma charge » / « pris en charge » is the training's cost, not the patients' care
    ("former mon assistante, ça me coûte quelque chose ou c'est financé ?", "formation.financement"),
    ("la formation CQP est-elle à la charge du cabinet ?", "formation.financement"),
    # « certif » is a certificate (the CQP), « sages-femmes » the plural of a trade the profiles entry names
    ("la certif de mon assistante, elle porte quel nom ?", "formation.cqp"),
    ("des anciennes sages-femmes parmi les assistants recrutés ?", "profil.qui_recruter"),
    # a full-time assistant shared by two associates is the shared assistant, not the second assistant
    ("à deux associés, une assistante à temps plein commune : quelle aide ?", "employeur.partage"),
    # a centre's maximum from the 3rd year is its amounts, not how many assistants it may fund
    ("CDS : l'aide max par ETP d'assistant dès la 3e année ?", "centres.montants"),
    # what the doctor keeps in the consultation is its course, not the administrative tasks
    ("l'AM accueille et prend les constantes : il me reste quoi pendant la consult ?", "missions.deroulement_consultation"),
    # the national target missed is the national objectives, not the patients' figures
    ("le nombre d'AM promis n'a jamais été atteint, c'est un échec ?", "chiffres.objectifs_nationaux"),
    # the scheme named only by what it pays for
    ("une subvention de la caisse pour un employé non médecin qui m'assiste en consultation : le principe ?",
     "dispositif.definition"),
])
def test_a_sibling_sharing_words_does_not_win(question, intent):
    import datetime as dt

    from chatbot.session import Session

    reply = Session(on=dt.date(2026, 11, 24)).handle(question)
    assert reply.status == "answer" and reply.intent == intent, (reply.status, reply.intent)


def test_bva_patients_answer_quotes_the_seeds_words():
    import datetime as dt

    from chatbot.session import Session
    from common.text import fold

    reply = Session(on=dt.date(2026, 11, 24)).handle("la BVA dit quoi sur la qualité des soins aux patients ?")
    assert reply.intent == "enquete_bva.patients" and "qualite de prise en charge des patients" in fold(reply.text)


@pytest.mark.parametrize("question", [
    "astreinte de PDSA un dimanche, quel forfait ?",
    "combien est payée une nuit de garde en maison médicale de garde ?",
    "quel coefficient pour une assistante dentaire dans la CCN des cabinets dentaires ?",
])
def test_near_domain_pay_and_other_branches_are_declined(question):
    import datetime as dt

    from chatbot.session import Session

    assert Session(on=dt.date(2026, 11, 24)).handle(question).contract_status == "fallback"


@pytest.mark.parametrize("question, facts", [
    ("pourquoi l'Assurance Maladie finance-t-elle un assistant, dans quel but ?", ["acces aux soins", "temps medical"]),
    ("je signe un contrat avec ma caisse : mes engagements sont contrôlés à partir de quand ?", ["3e annee"]),
    ("mon assistante ne ferait que le téléphone et l'agenda, c'est admis ?", ["coordination"]),
    ("depuis la convention 2024, l'assistante a combien de temps pour se qualifier, et avant ?", ["2 ans", "3 ans"]),
    ("la convention médicale 2024 fixe quel objectif d'assistants médicaux ?", ["15 000"]),
    ("a-t-on du recul sur ce que les assistants médicaux apportent ?", ["peu de recul", "theses"]),
])
def test_an_answer_carries_the_fact_asked(question, facts):
    """The entry that answers holds the fact asked (the aims, when the commitments are checked, the 2024 changes…),
    not only a neighbouring entry."""
    import datetime as dt

    from chatbot.session import Session
    from common.text import fold

    reply = Session(on=dt.date(2026, 11, 24)).handle(question)
    assert reply.status == "answer", (reply.status, reply.intent)
    assert all(f in fold(reply.text).replace("\u202f", " ").replace("\xa0", " ") for f in facts), (reply.intent, facts)
