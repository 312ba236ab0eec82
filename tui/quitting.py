"""Ctrl+C said in French, for the chat and the atelier alike.

Textual binds Ctrl+C to `App.action_help_quit`, which notifies « Do you want to quit? Press ctrl+q to quit
the app » in English (textual 8.2.8, app.py); a doctor pressing Ctrl+C by reflex gets this instead."""


class FrenchQuitHint:
    """Mixed in before `App`: Ctrl+C tells how to quit, in French, with the key the app really binds."""

    def action_help_quit(self) -> None:
        for binding in (active.binding for active in self.active_bindings.values()):
            if binding.action in ("quit", "app.quit"):
                key = self.get_key_display(binding)   # « ^q »
                key = f"Ctrl+{key[1:].upper()}" if key.startswith("^") else key
                self.notify(f"Appuyez sur [b]{key}[/b] pour quitter amguide.", title="Quitter ?")
                return
