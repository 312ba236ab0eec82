"""What every turn returns: data for the UI, the `ask` command and the tests — never widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:   # the chat's first screen shows replies before the rules are loaded
    from rules import Result


@dataclass(frozen=True)
class QuickReply:
    label: str          # shown on the button
    send: str           # what the button sends, as if typed


@dataclass(frozen=True)
class Reply:
    status: str                                   # answer | clarify | fallback | form | result | info
    text: str                                     # French Markdown
    intent: str | None = None
    confidence: float = 0.0
    sources: tuple[dict, ...] = ()                # {"title", "url", "date"}
    suggestions: tuple[str, ...] = ()             # follow-up questions
    quick_replies: tuple[QuickReply, ...] = ()    # choices for the question being asked
    candidates: tuple[dict, ...] = ()             # {"intent", "title", "confidence"} when clarifying
    asking: str | None = None                     # the profile field being asked, if any
    profile: dict[str, Any] = field(default_factory=dict)
    result: Result | None = None
    notice: str = ""                              # the day asked about is before the aid existed: said first

    @property
    def contract_status(self) -> str:
        """The status of CONTRACT.md (`answer`, `clarify`, `fallback`) for this reply."""
        return self.status if self.status in ("clarify", "fallback") else "answer"
