"""`amguide serve` for a room: N browsers (websocket clients speaking textual-serve's protocol, as the page
does) connect at once to a server on a free loopback port; measures the time until each one has received
the welcome screen, and the memory (RSS) of the amguide processes the server started, per browser.

    .venv/bin/python bench/bench_serve.py [--clients 30] [--atelier]

Loopback only and bounded (at most 30 clients, 120 s); the server is stopped with SIGTERM at the end."""

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.procs import descendants, free_port, rss_mib  # noqa: E402

MAX_CLIENTS, DEADLINE = 30, 120.0
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[@-_]")


async def room(url: str, needle: str, count: int, hold: asyncio.Event, times: list) -> None:
    async def one():
        await browser_held(url, needle, time.perf_counter(), hold, times)

    await asyncio.gather(*(one() for _ in range(count)))


async def browser_held(url: str, needle: str, started: float, hold: asyncio.Event, times: list) -> None:
    """One browser: connect, say its size, read the screen until `needle` arrives (seconds, or None), then
    keep the connection (and so its amguide process) open until `hold` is set."""
    import aiohttp

    received, seconds = "", None
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url, max_msg_size=0) as ws:
            await ws.send_json(["resize", {"width": 120, "height": 36}])
            while seconds is None and time.perf_counter() - started < DEADLINE:
                try:
                    message = await ws.receive(timeout=DEADLINE)
                except asyncio.TimeoutError:
                    break
                if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                    break
                data = message.data
                received += data.decode("utf-8", "replace") if isinstance(data, bytes) else data
                if needle in ANSI.sub("", received):
                    seconds = time.perf_counter() - started
            times.append(seconds)   # recorded before holding, so the room can be measured while all are open
            await hold.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--atelier", action="store_true")
    args = parser.parse_args()
    count = max(1, min(MAX_CLIENTS, args.clients))
    needle = "Programme de la soirée" if args.atelier else "Bienvenue dans amguide"
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="amguide-bench-serve-") as tmp:
        env = {**os.environ, "AMGUIDE_DATA_DIR": f"{tmp}/data", "AMGUIDE_CACHE_DIR": f"{tmp}/cache"}
        command = [sys.executable, "-m", "tui.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        server = subprocess.Popen(command + (["--atelier"] if args.atelier else []), cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            server.stdout.readline()
            time.sleep(0.5)
            idle = rss_mib(server.pid)
            times: list = []

            async def run() -> tuple[float, int]:
                hold = asyncio.Event()
                task = asyncio.create_task(room(f"ws://127.0.0.1:{port}/ws?width=120&height=36", needle, count, hold, times))
                while len(times) < count and not task.done():
                    await asyncio.sleep(0.2)
                apps = descendants(server.pid)
                total = sum(rss_mib(p) for p in apps)
                hold.set()
                await task
                return total, len(apps)

            total, processes = asyncio.run(run())
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                code = server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                code = "tué"
    ok = sorted(t for t in times if t is not None)
    print(f"{count} navigateurs simultanés ({'atelier' if args.atelier else 'conversation'}), boucle locale, "
          f"{os.cpu_count()} cœurs")
    print(f"premier écran reçu : {len(ok)}/{count} ; médiane {statistics.median(ok):.1f} s, "
          f"max {ok[-1]:.1f} s" if ok else "premier écran reçu : aucun")
    print(f"mémoire : serveur {idle:.0f} Mio ; sessions {total:.0f} Mio pour {processes} processus, "
          f"soit {total / count:.0f} Mio par navigateur")
    print(f"arrêt du serveur (SIGTERM) : code {code}")
    return 0 if len(ok) == count else 1


if __name__ == "__main__":
    sys.exit(main())
