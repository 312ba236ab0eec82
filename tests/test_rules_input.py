"""Bad input: each invalid profile field, broken parameter files — French messages, never a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from common.yamlio import load_text, DataError
from rules import ProfileError, parse_profile
from rules.check import check_file
from rules.params import ParameterErrors, load_dir

FIXTURES = Path(__file__).parent / "fixtures" / "broken_params"

INVALID = [
    ("structure", "hopital"), ("specialty", "plomberie"), ("sector", "3"), ("optam", "peut-être"),
    ("zone", "campagne"), ("doctors_in_practice", 0), ("coordinated_practice", "bof"), ("pmt", -1),
    ("file_active", "beaucoup"), ("percentile", 101), ("clinical_fee_share", 1.5), ("age", 5),
    ("newly_installed", "hier"), ("option", "quart_temps"), ("signature_date", "2024-02-30"),
    ("centre_type", "dentaire"), ("centre_new", 3), ("doctor_fte", 0), ("assistant_fte", -1),
    ("inconnu", 1),
]


@pytest.mark.parametrize("field,value", INVALID)
def test_invalid_field_is_named_in_french(field, value):
    with pytest.raises(ProfileError) as caught:
        parse_profile({field: value})
    assert caught.value.fields == [field]
    from rules import LABELS

    assert caught.value.messages[0].startswith(f"{LABELS[field]} ({field})" if field in LABELS else field)
    assert "Input should" not in str(caught.value)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)


@pytest.mark.parametrize("args", [
    ["simulate", "--set", "pmt=-5"], ["simulate", "--set", "percentile=cent"], ["simulate", "--set", "nimporte"],
    ["simulate", "--set", "couleur=bleu"], ["simulate", "--date", "2024-02-30"],
    ["simulate", "--profile", "/nonexistent/profil.yaml"],
])
def test_simulate_refuses_bad_input_with_exit_2(args):
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("amguide :")
    assert "Traceback" not in done.stderr


def test_simulate_profile_file_with_duplicate_key_names_file_and_line(tmp_path):
    profile = tmp_path / "profil.yaml"
    profile.write_text("specialty: MG\nsector: 1\nsector: 2\n", encoding="utf-8")
    done = run_cli("simulate", "--profile", str(profile))
    assert done.returncode == 2
    assert f"{profile}:3" in done.stderr and "double" in done.stderr


def test_simulate_json_profile_and_set_override(tmp_path):
    profile = tmp_path / "profil.json"
    profile.write_text(json.dumps({"specialty": "pédiatre", "sector": "2", "optam": True, "percentile": 50}))
    done = run_cli("simulate", "--json", "--date", "2026-11-24", "--profile", str(profile), "--set", "sector=1")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["eligible"] == "yes"
    assert next(c for c in result["criteria"] if c["id"] == "sector")["explanation"].startswith("Secteur 1")


def test_duplicate_date_is_an_error_with_its_line():
    errors = check_file(FIXTURES / "amounts_mi_temps.yaml")
    assert len(errors) == 1 and errors[0].line == 6 and "double" in errors[0].message


def test_unknown_key_is_an_error_with_its_line():
    errors = check_file(FIXTURES / "contract.yaml")
    assert [(e.line, e.field, e.message) for e in errors] == [(6, "values.2019-08-21.commentaire", "champ inconnu")]


def test_bad_type_is_an_error_with_its_line():
    errors = check_file(FIXTURES / "activity_bands.yaml")
    assert [(e.line, e.field) for e in errors] == [(5, "values.2019-08-21.value.majorated_from")]
    assert errors[0].message == "nombre attendu"


def test_a_broken_directory_reports_every_file_and_the_missing_ones():
    with pytest.raises(ParameterErrors) as caught:
        load_dir(FIXTURES)
    files = {Path(e.file).name for e in caught.value.errors}
    assert {"amounts_mi_temps.yaml", "contract.yaml", "activity_bands.yaml", "regimes.yaml"} <= files


def test_kb_check_on_a_broken_directory_exits_1_with_locations():
    done = run_cli("kb", "check", str(FIXTURES))
    assert done.returncode == 1
    assert "contract.yaml:6: values.2019-08-21.commentaire — champ inconnu" in done.stdout


def test_kb_check_shipped_is_clean():
    done = run_cli("kb", "check")
    assert done.returncode == 0, done.stdout


def test_invalid_yaml_syntax_names_the_line():
    with pytest.raises(DataError) as caught:
        load_text("a: 1\nb: [unclosed\nc: 2\n", "essai.yaml")
    assert caught.value.file == "essai.yaml" and caught.value.line is not None


def test_an_unknown_field_lists_the_fields_there_are():
    done = run_cli("simulate", "--set", "patients=1200")
    assert done.returncode == 2 and "patients : champ inconnu" in done.stderr
    assert all(field in done.stderr for field in ("structure", "specialty", "sector", "pmt", "file_active", "option"))
