"""The rules core: dated parameters and pure functions that decide eligibility and compute the aid."""

from rules.engine import evaluate
from rules.profile import LABELS, Profile, ProfileError, parse_profile
from rules.result import Result

__all__ = ["LABELS", "Profile", "ProfileError", "Result", "evaluate", "parse_profile"]
