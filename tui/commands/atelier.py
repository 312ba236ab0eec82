"""`amguide atelier`: the training-evening presenter mode in the terminal."""

import argparse
import datetime as dt


def run(args: argparse.Namespace) -> int:
    from tui.atelier.app import AtelierApp

    app = AtelierApp(on=args.date or dt.date.today(), fresh=args.new)
    app.run()
    return app.return_code or 0
