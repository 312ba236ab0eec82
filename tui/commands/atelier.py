"""`amguide atelier`: the training-evening presenter mode in the terminal; without a terminal (a pipe),
the evening's slides as Markdown."""

import argparse
import datetime as dt

from tui.output import interactive


def run(args: argparse.Namespace) -> int:
    on = args.date or dt.date.today()
    if not interactive():
        from tui.atelier.content import Evening
        from tui.atelier.plain import slides_markdown

        print(slides_markdown(Evening(on)), end="")
        return 0
    from tui.atelier.app import AtelierApp

    app = AtelierApp(on=on, fresh=args.new)
    app.run()
    return app.return_code or 0
