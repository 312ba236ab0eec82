"""`amguide serve`: amguide (the chat, or the atelier with --atelier) in a web browser via textual-serve.
Each browser gets its own amguide process (its own conversation); nothing a visitor types is written to the
host's disk; the server and every app it started stop on SIGINT / SIGTERM."""

import argparse
import asyncio
import errno
import ipaddress
import os
import shlex
import signal
import socket
import sys
from pathlib import Path

from tui.storage import EPHEMERAL
from tui.output import fail

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
GRACE = 5.0   # seconds the visitors' sessions have to quit once the server is asked to stop


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address() -> str:
    """This machine's address on the local network, for the URL given to the room. A UDP `connect`
    only picks the outgoing interface: no packet is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostname()


def listen_problem(host: str, port: int) -> str | None:
    """Why this machine cannot listen on host:port, in French (None: it can), found before the banner is shown:
    an unknown or malformed host name, an address of another machine, a port taken or reserved."""
    try:
        family, *_, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (OSError, UnicodeError, ValueError):
        return "adresse inconnue"
    try:
        with socket.create_server(address, family=family):
            return None
    except OSError as exc:
        reasons = {errno.EADDRINUSE: "port déjà utilisé par un autre programme",
                   errno.EADDRNOTAVAIL: "cette adresse n'est pas celle de cette machine",
                   errno.EACCES: "port réservé (en dessous de 1024 : droits d'administrateur)"}
        return reasons.get(exc.errno, f"erreur réseau n° {exc.errno}")


def banner(host: str, url: str, atelier: bool) -> str:
    """What the trainer reads on start; off the loopback, the URL for the room and who can open it."""
    what = "l'atelier (soirée de formation)" if atelier else "amguide"
    text = f"amguide : {what} servi sur {url} — Ctrl+C pour arrêter."
    if not is_loopback(host):
        text += (f"\nAdresse à donner à la salle : {url}\nAttention : toute personne sur ce réseau peut ouvrir "
                 "cette adresse et utiliser amguide.")
    return text


def child_pids(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (Linux /proc; empty elsewhere)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def end_sessions() -> None:
    """Sessions still running after the grace period (one busy loading the engine does not hear « quit »)
    are killed: the server then stops and leaves no process behind. They hold nothing to save."""
    for pid in child_pids(os.getpid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def app_command(args: argparse.Namespace) -> str:
    """The command textual-serve runs for each browser (exec: the shell is replaced, no extra process)."""
    words = [sys.executable, "-m", "tui.cli"]
    if args.date:
        words += ["--date", args.date.isoformat()]
    if args.atelier:
        words += ["atelier", "--new"]
    return "exec " + shlex.join(words)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        fail(f"port invalide : {args.port} (de 1 à 65535)")
    host = args.host
    problem = listen_problem(host, args.port)
    if problem:
        fail(f"impossible d'écouter sur {host[:80]}:{args.port} : {problem}")
    try:
        from textual_serve.server import Server
    except ImportError:
        fail("textual-serve n'est pas installé : réinstallez amguide (pip install -e .)")
    shown = lan_address() if host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{args.port}"
    os.environ[EPHEMERAL] = "1"

    class FrenchServer(Server):
        async def on_startup(self, app) -> None:
            print(banner(host, url, args.atelier), flush=True)

        def request_exit(self) -> None:
            asyncio.get_running_loop().call_later(GRACE, end_sessions)
            super().request_exit()

    server = FrenchServer(app_command(args), host=host, port=args.port, title="amguide", public_url=url,
                          templates_path=Path(__file__).resolve().parent.parent / "web")
    try:
        server.serve()
    except OSError as exc:
        fail(f"impossible d'écouter sur {host}:{args.port} ({listen_problem(host, args.port) or f'erreur n° {exc.errno}'})")
    print("amguide : serveur arrêté.", flush=True)
    return 0
