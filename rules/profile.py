"""The doctor's (or centre's) situation, validated: every bad value gets a French message naming its field."""

import datetime as dt
from typing import Annotated, Any, Literal

from common.schema import Convert, Limits, Strict
from common.yamlio import french_message
from rules import specialties

_BOOL_WORDS = {"true": True, "vrai": True, "oui": True, "1": True, "yes": True,
               "false": False, "faux": False, "non": False, "0": False, "no": False}

# Field labels, in French, for error messages and for the form; the order is the form's order.
LABELS = {
    "structure": "structure", "specialty": "spécialité", "sector": "secteur", "optam": "adhésion à l'OPTAM",
    "zone": "zone", "doctors_in_practice": "nombre de médecins du cabinet",
    "coordinated_practice": "exercice coordonné", "pmt": "patientèle médecin traitant",
    "file_active": "file active", "percentile": "percentile d'activité",
    "clinical_fee_share": "part d'honoraires cliniques", "age": "âge", "newly_installed": "nouvel installé",
    "option": "option", "signature_date": "date de signature", "centre_type": "type de centre",
    "centre_new": "centre créé ou médicalisé récemment", "doctor_fte": "ETP de médecins",
    "assistant_fte": "ETP d'assistant",
    "salary_gross_month": "salaire brut mensuel de l'assistant à temps plein",
    "employer_rate": "taux de cotisations patronales", "consultation_fee": "tarif de la consultation",
    "working_days": "jours travaillés par an",
}


def _known_specialty(value: str) -> str:
    """Store the specialty's id, so « pédiatre » and « pédiatrie » are one profile."""
    found = specialties.match(value)
    if found is None:
        raise ValueError(f"spécialité inconnue : « {value[:60]} »")
    return found.id


def _sector_text(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (1, 2):
        return str(int(value))
    if isinstance(value, str):
        return value.strip().lower().replace(" ", "_").replace("-", "_").replace("non_conventionné", "non_conventionne")
    return value


def _french_bool(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
        return _BOOL_WORDS[value.strip().lower()]
    return value


def _decimal_comma(value: Any) -> Any:
    """« 0,5 » and « 1 815,79 € » are numbers."""
    if not isinstance(value, str):
        return value
    return value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "").replace(",", ".")


def _rate(value: Any) -> Any:
    """A rate, also as « 30 % » (0.3)."""
    text = _decimal_comma(value)
    if isinstance(text, str) and text.endswith("%"):
        try:
            return float(text[:-1]) / 100
        except ValueError:
            return value
    return text


def _plausible_date(value: dt.date) -> dt.date:
    if not dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31):
        raise ValueError("date hors de la période plausible (2000 à 2100)")
    return value


Bool = Annotated[bool | None, Convert(_french_bool, before=True)]


def Number(kind: type, before: Any = _decimal_comma, **limits: float) -> Any:   # noqa: N802 - a type
    """An optional number within `limits`, also written in French (« 0,5 »)."""
    return Annotated[Annotated[kind, Limits(**limits)] | None, Convert(before, before=True)]


class Profile(Strict):
    """Fields and values of ../shared/CONTRACT.md; all optional (missing ones come back in `missing`)."""

    _config = {"str_strip_whitespace": True}

    structure: Literal["cabinet", "centre_de_sante"] = "cabinet"
    specialty: Annotated[str, Convert(_known_specialty)] | None = None
    sector: Annotated[Literal["1", "2", "non_conventionne"] | None, Convert(_sector_text, before=True)] = None
    optam: Bool = None
    zone: Literal["zip", "zac", "hors_zone"] | None = None
    doctors_in_practice: Annotated[int, Limits(ge=1, le=500)] | None = None
    coordinated_practice: Bool = None
    pmt: Annotated[int, Limits(ge=0, le=1_000_000)] | None = None
    file_active: Annotated[int, Limits(ge=0, le=1_000_000)] | None = None
    percentile: Number(float, ge=0, le=100) = None
    clinical_fee_share: Number(float, ge=0, le=1) = None
    age: Annotated[int, Limits(ge=18, le=110)] | None = None
    newly_installed: Bool = None
    option: Literal["tiers_temps", "mi_temps", "temps_plein"] | None = None
    signature_date: Annotated[dt.date, Convert(_plausible_date)] | None = None
    centre_type: Literal["generalistes", "specialistes", "mixte"] | None = None
    centre_new: Bool = None
    doctor_fte: Number(float, gt=0, le=1000) = None
    assistant_fte: Number(float, gt=0, le=100) = None
    # The business case's assumptions (rules/business.py); limits only refuse absurd input.
    salary_gross_month: Number(float, gt=0, le=100_000) = None
    employer_rate: Number(float, _rate, ge=0, le=1) = None
    consultation_fee: Number(float, gt=0, le=10_000) = None
    working_days: Annotated[int, Limits(ge=1, le=366)] | None = None

    def with_changes(self, **changes: Any) -> "Profile":
        """A new validated profile with `changes` applied (None removes a field)."""
        data = {k: v for k, v in vars(self).items() if v is not None}
        data.update(changes)
        return parse_profile({k: v for k, v in data.items() if v is not None})


class ProfileError(ValueError):
    """Invalid profile input; `messages` are French, each naming its field."""

    def __init__(self, messages: list[str], fields: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages
        self.fields = fields


def parse_profile(data: dict[str, Any]) -> Profile:
    """Validate raw input (YAML, JSON, --set, the form); raise ProfileError in French."""
    if not isinstance(data, dict):
        raise ProfileError(["le profil doit être un dictionnaire clé: valeur"], [])
    from pydantic import ValidationError

    try:
        return Profile.model_validate({str(k): v for k, v in data.items()})
    except ValidationError as exc:
        messages, fields = [], []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "profil"
            label = LABELS.get(field)
            named = f"{label} ({field})" if label else field    # in French, then the key a profile file or --set uses
            message = french_message(err)
            if err["type"] == "extra_forbidden" and not any("champs possibles" in m for m in messages):
                message += " (champs possibles : " + ", ".join(LABELS) + ")"
            messages.append(f"{named} : {message}")
            fields.append(field)
        raise ProfileError(messages, fields) from None
