"""The faces of amguide: the `amguide` command line and the Textual chat UI."""
