"""Validation of rules data files for `amguide kb check`: every problem located, none fatal."""

from pathlib import Path

from common.yamlio import DataError, load_file
from rules import specialties
from rules.params import SCHEMA, ParameterErrors, Parameter, load_dir, parse_parameter


RULES_FILES = {f"{name}.yaml" for name in SCHEMA} | {"specialties.yaml"}


def check_parameters(directory: Path) -> list[DataError]:
    """Errors of a complete parameter directory (missing files included), plus cross-checks."""
    try:
        params = load_dir(directory)
    except ParameterErrors as exc:
        return exc.errors
    return _cross_check(params, directory)


def check_file(path: Path) -> list[DataError]:
    """Errors of one rules file, recognised by its name (a parameter, or the specialties list)."""
    try:
        if path.name == "specialties.yaml":
            specialties.load(path)
        elif path.stem in SCHEMA:
            parse_parameter(path.stem, load_file(path), str(path))
        else:
            return [DataError(str(path), None, "", "fichier de règles inconnu")]
    except DataError as exc:
        return [exc]
    except (ParameterErrors, specialties.SpecialtyErrors) as exc:
        return exc.errors
    return []


def _cross_check(params: dict[str, Parameter], directory: Path) -> list[DataError]:
    known = specialties.shipped().by_id
    groups = {s.group for s in known.values()}
    errors = []
    for dated in params["excluded_specialties"].history:
        for name in dated.value or []:
            if name not in known:
                errors.append(DataError(str(directory / "excluded_specialties.yaml"), None,
                                        f"values.{dated.start}", f"spécialité inconnue : {name}"))
    for dated in params["surgical_rule"].history:
        for group in (dated.value.groups if dated.value else []):
            if group not in groups:
                errors.append(DataError(str(directory / "surgical_rule.yaml"), None,
                                        f"values.{dated.start}", f"groupe de spécialités inconnu : {group}"))
    return errors
