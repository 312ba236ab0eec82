"""`amguide serve` for real: a server on a free loopback port, the page it serves, a headless chromium that
loads it and receives the welcome text, and a clean stop on SIGINT / SIGTERM with no process left behind."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.procs import descendants, free_port
from tests.browser import Browser, chromium

ROOT = Path(__file__).resolve().parent.parent


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead, only not yet reaped
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except OSError:
        return False


class Served:
    """`amguide serve` in a subprocess, in its own session so a failing test can still clean up."""

    def __init__(self, tmp_path: Path, *extra: str) -> None:
        self.port = free_port()
        env = {**os.environ, "AMGUIDE_DATA_DIR": str(tmp_path / "data"), "AMGUIDE_CACHE_DIR": str(tmp_path / "cache")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "serve", "--port", str(self.port), *extra],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.banner = self.process.stdout.readline()
        self.url = f"http://127.0.0.1:{self.port}/"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    self.page = response.read().decode("utf-8")
                    return
            except OSError:
                time.sleep(0.2)
        self.close()
        raise AssertionError(f"le serveur ne répond pas : {self.banner}")

    def stop(self, sig: int) -> tuple[int, set[int]]:
        """Send `sig`; return the exit code and the processes the server had started."""
        started = set(descendants(self.process.pid))
        self.process.send_signal(sig)
        code = self.process.wait(timeout=30)
        return code, started

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def test_banner_warns_off_the_loopback():
    from tui.commands.serve import banner, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    quiet = banner("127.0.0.1", "http://127.0.0.1:8000", atelier=False)
    assert "Attention" not in quiet
    loud = banner("0.0.0.0", "http://192.168.1.20:8000", atelier=True)
    assert "Adresse à donner à la salle : http://192.168.1.20:8000" in loud
    assert "toute personne sur ce réseau peut ouvrir" in loud


def test_serve_refuses_a_bad_port():
    for port in ("0", "70000", "huit"):
        done = subprocess.run([sys.executable, "-m", "tui.cli", "serve", "--port", port], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "amguide :" in done.stderr and "Traceback" not in done.stderr


def test_serve_page_and_sigint(tmp_path):
    served = Served(tmp_path)
    try:
        assert "servi sur http://127.0.0.1:" in served.banner
        assert "Attention" not in served.banner          # loopback: no warning to the room
        assert "Démarrer" in served.page and "textual.js" in served.page
        assert "googleapis" not in served.page           # offline: no web font fetched
        code, _ = served.stop(signal.SIGINT)
        assert code == 0
    finally:
        served.close()


def test_serve_in_chromium_then_sigterm_leaves_no_process(tmp_path):
    if chromium() is None:
        pytest.skip("chromium introuvable (Debian : apt-get install chromium ; .ci/run l'installe quand il le peut)")
    served = Served(tmp_path)
    try:
        with Browser() as browser:
            text = browser.find_text(served.url, ["Bienvenue dans amguide"], screenshot=tmp_path / "chat.png")
            assert "Bienvenue dans amguide" in text
            assert (tmp_path / "chat.png").stat().st_size > 1000
            code, started = served.stop(signal.SIGTERM)
        assert code == 0
        assert started, "le navigateur devait avoir lancé une session amguide"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(p) for p in started):
            time.sleep(0.2)
        assert not [p for p in started if alive(p)], "processus orphelins après l'arrêt du serveur"
        assert not (tmp_path / "data" / "history.json").exists()   # a visitor's session writes nothing
    finally:
        served.close()


def test_serve_atelier_in_chromium(tmp_path):
    if chromium() is None:
        pytest.skip("chromium introuvable (Debian : apt-get install chromium ; .ci/run l'installe quand il le peut)")
    served = Served(tmp_path, "--atelier")
    downloads = tmp_path / "downloads"
    downloads.mkdir()

    async def evening(page):
        """The trainer opens a chapter, then F3: the export arrives in the browser's downloads."""
        text = await page.wait_for(["Programme de la soirée"], 90)
        await page.screenshot(tmp_path / "atelier.png")
        await page.press("5")
        await page.wait_for(["5/9"], 30, since=len(text))
        await page.press("f3")
        for _ in range(120):
            if list(downloads.glob("soiree_*.md")):
                break
            await asyncio.sleep(0.5)
        return text

    try:
        with Browser() as browser:
            text = browser.drive(served.url, evening, downloads=downloads)
        assert "Programme de la soirée" in text
        exports = list(downloads.glob("soiree_*.md"))
        assert len(exports) == 1, "F3 : le compte rendu n'est pas arrivé dans le navigateur"
        assert exports[0].read_text(encoding="utf-8").startswith("# L'assistant médical")
        assert not (tmp_path / "data" / "atelier").exists()          # served: the evening is not saved on the host
        assert not list((tmp_path / "data").rglob("*.md")) if (tmp_path / "data").exists() else True
        assert served.stop(signal.SIGTERM)[0] == 0
    finally:
        served.close()


async def _export_over_the_websocket(port: int) -> tuple[str, str]:
    """What a browser does: open the app's websocket, wait for the programme, press F3, follow the
    « deliver_file_start » the server sends to its /download address; return (headers, file text)."""
    import aiohttp

    from tests.browser import plain

    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=36", max_msg_size=0) as ws:
            await ws.send_json(["resize", {"width": 120, "height": 36}])
            received, key, pressed = "", None, False
            deadline = time.monotonic() + 120
            while key is None and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=max(1.0, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.TEXT and message.data.startswith('["deliver_file_start"'):
                    key = json.loads(message.data)[1]
                elif message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                    data = message.data
                    received += data.decode("utf-8", "replace") if isinstance(data, bytes) else data
                    if not pressed and "Programme de la soirée" in plain(received):
                        await ws.send_json(["stdin", "\x1bOR"])        # F3, as xterm.js sends it
                        pressed = True
                else:
                    break
            assert key, "le serveur n'a pas proposé de téléchargement après F3"
            async with http.get(f"http://127.0.0.1:{port}/download/{key}") as response:
                return response.headers.get("Content-Disposition", ""), await response.text()


def test_export_under_serve_is_downloaded_by_the_browser_not_written_on_the_host(tmp_path):
    served = Served(tmp_path, "--atelier")
    try:
        disposition, text = asyncio.run(asyncio.wait_for(_export_over_the_websocket(served.port), 150))
        assert "attachment" in disposition and "soiree_" in disposition and ".md" in disposition
        assert text.startswith("# L'assistant médical") and "## Pré-test et post-test" in text
        assert not (tmp_path / "data").exists() or not list((tmp_path / "data").rglob("*.md"))
        assert served.stop(signal.SIGTERM)[0] == 0
    finally:
        served.close()
