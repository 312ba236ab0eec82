"""AtelierApp: `amguide atelier` — the presenter mode on its own, in a high-contrast theme for projectors."""

import datetime as dt
import gc

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from tui.atelier.evening_run import EveningRun
from tui.nobreak import keep_no_break_spaces
from tui.quitting import FrenchQuitHint

# Projector theme: white on black, bright yellow accents (contrast well above WCAG AA).
CONTRAST = Theme(name="amguide-contraste", primary="#FFD700", secondary="#00FFFF", accent="#FFD700",
                 foreground="#FFFFFF", background="#000000", surface="#000000", panel="#1A1A1A",
                 success="#00FF00", warning="#FFD700", error="#FF6060", dark=True)


def register_contrast(app: App) -> None:
    if "amguide-contraste" not in app.available_themes:
        app.register_theme(CONTRAST)


def open_from_chat(app: App, on: dt.date) -> None:
    """The chat's key / palette entry: the atelier over the conversation (Échap comes back to it)."""
    from common.yamlio import DataError, DataErrors
    from tui.atelier.screens.atelier_screen import AtelierScreen
    from tui.output import broken_data

    if isinstance(app.screen, AtelierScreen):
        return
    try:
        evening_run = EveningRun(on)
    except (DataError, DataErrors) as exc:
        app.notify(broken_data(exc), severity="error", markup=False)
        return
    app.push_screen(AtelierScreen(evening_run))


class AtelierApp(FrenchQuitHint, App):
    TITLE = "amguide atelier"
    SUB_TITLE = "soirée de formation"
    BINDINGS = [
        # Not in the footer: with « Pré-test » or « Post-test » it no longer fit 80 columns (« f4 » cut); the
        # programme's line of keys names it, as the README does.
        Binding("f4", "toggle_theme", "Thème", id="atelier.theme", show=False),
        Binding("ctrl+q", "quit", "Quitter", id="quit", priority=True),
    ]

    def __init__(self, on: dt.date | None = None, fresh: bool = False) -> None:
        super().__init__()
        keep_no_break_spaces()   # as the chat does: « 19 000 € » never wraps inside, whichever app came first
        self.evening_run = EveningRun(on or dt.date.today(), fresh=fresh)

    def get_default_screen(self):
        from tui.atelier.screens.atelier_screen import AtelierScreen

        return AtelierScreen(self.evening_run)

    def on_mount(self) -> None:
        register_contrast(self)
        self.theme = "amguide-contraste"
        self._stop_on_signals()
        # The evening (knowledge base, parameters, chapters) lives as long as the app: as the chat does, the
        # collector stops walking it, and the interpreter's exit no longer spends ~0,3 s on it here.
        gc.freeze()

    def _stop_on_signals(self) -> None:
        """SIGINT / SIGTERM close the app normally (terminal restored); the state is already saved."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.exit)
            except (NotImplementedError, RuntimeError, ValueError):
                pass

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "amguide-contraste" else "amguide-contraste"
