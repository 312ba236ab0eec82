"""One module per `amguide` sub-command, imported only when that command runs."""
