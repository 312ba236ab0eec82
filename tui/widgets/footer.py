"""Textual's footer, laid out once per refresh however many times the keys change before it."""

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's Footer builds its keys again for every bindings change it is told of: a screen's start tells it
    five times (focus, mount, resume…), each ~20–60 ms of processor here; one build after the refresh shows the
    same keys (it reads the bindings then)."""

    _pending = False

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._pending:
            return
        if self.is_attached and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self._build_keys)

    async def _build_keys(self) -> None:
        self._pending = False
        await self.recompose()
