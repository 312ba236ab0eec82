"""The doctor's (or centre's) situation, validated: every bad value gets a French message naming its field."""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

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


class Profile(BaseModel):
    """Fields and values of ../shared/CONTRACT.md; all optional (missing ones come back in `missing`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    structure: Literal["cabinet", "centre_de_sante"] = "cabinet"
    specialty: str | None = None
    sector: Literal["1", "2", "non_conventionne"] | None = None
    optam: bool | None = None
    zone: Literal["zip", "zac", "hors_zone"] | None = None
    doctors_in_practice: int | None = Field(None, ge=1, le=500)
    coordinated_practice: bool | None = None
    pmt: int | None = Field(None, ge=0, le=1_000_000)
    file_active: int | None = Field(None, ge=0, le=1_000_000)
    percentile: float | None = Field(None, ge=0, le=100)
    clinical_fee_share: float | None = Field(None, ge=0, le=1)
    age: int | None = Field(None, ge=18, le=110)
    newly_installed: bool | None = None
    option: Literal["tiers_temps", "mi_temps", "temps_plein"] | None = None
    signature_date: dt.date | None = None
    centre_type: Literal["generalistes", "specialistes", "mixte"] | None = None
    centre_new: bool | None = None
    doctor_fte: float | None = Field(None, gt=0, le=1000)
    assistant_fte: float | None = Field(None, gt=0, le=100)
    # The business case's assumptions (rules/business.py); limits only refuse absurd input.
    salary_gross_month: float | None = Field(None, gt=0, le=100_000)
    employer_rate: float | None = Field(None, ge=0, le=1)
    consultation_fee: float | None = Field(None, gt=0, le=10_000)
    working_days: int | None = Field(None, ge=1, le=366)

    @field_validator("specialty")
    @classmethod
    def _known_specialty(cls, value: str | None) -> str | None:
        """Store the specialty's id, so « pédiatre » and « pédiatrie » are one profile."""
        if value is None:
            return None
        found = specialties.match(value)
        if found is None:
            raise ValueError(f"spécialité inconnue : « {value[:60]} »")
        return found.id

    @field_validator("sector", mode="before")
    @classmethod
    def _sector_text(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (1, 2):
            return str(int(value))
        if isinstance(value, str):
            return value.strip().lower().replace(" ", "_").replace("-", "_").replace("non_conventionné", "non_conventionne")
        return value

    @field_validator("optam", "coordinated_practice", "newly_installed", "centre_new", mode="before")
    @classmethod
    def _french_bool(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            return _BOOL_WORDS[value.strip().lower()]
        return value

    @field_validator("percentile", "clinical_fee_share", "doctor_fte", "assistant_fte", "salary_gross_month",
                     "employer_rate", "consultation_fee", mode="before")
    @classmethod
    def _decimal_comma(cls, value: Any, info: Any) -> Any:
        """« 0,5 » and « 1 815,79 € » are numbers; so is « 30 % » for the employer rate (0.3)."""
        if not isinstance(value, str):
            return value
        text = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "").replace(",", ".")
        if info.field_name == "employer_rate" and text.endswith("%"):
            try:
                return float(text[:-1]) / 100
            except ValueError:
                return value
        return text

    @field_validator("signature_date")
    @classmethod
    def _plausible_date(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31):
            raise ValueError("date hors de la période plausible (2000 à 2100)")
        return value

    def with_changes(self, **changes: Any) -> "Profile":
        """A new validated profile with `changes` applied (None removes a field)."""
        data = self.model_dump(exclude_none=True)
        data.update(changes)
        return Profile(**{k: v for k, v in data.items() if v is not None})


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
    try:
        return Profile(**{str(k): v for k, v in data.items()})
    except ValidationError as exc:
        messages, fields = [], []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "profil"
            label = LABELS.get(field)
            named = f"{field} ({label})" if label else field
            messages.append(f"{named} : {french_message(err)}")
            fields.append(field)
        raise ProfileError(messages, fields) from None
