"""A real headless browser for the `amguide serve` tests: Debian's chromium driven over the DevTools protocol.

The served terminal is drawn on a canvas, so the page's text is not in the DOM; a script injected before the
page loads records what the browser receives on its websocket (the app's screen), and the test looks for the
welcome text there. A screenshot is saved for a human to read."""

import asyncio
import base64
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

RECORDER = """
(() => {
  window.__received = "";
  const decoder = new TextDecoder();
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      const data = event.data;
      if (typeof data === "string") { window.__received += data; }
      else if (data instanceof ArrayBuffer) { window.__received += decoder.decode(data, {stream: true}); }
      else if (data && data.arrayBuffer) { data.arrayBuffer().then((b) => { window.__received += decoder.decode(b); }); }
      if (window.__received.length > 4000000) { window.__received = window.__received.slice(-2000000); }
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[@-_]")


def chromium() -> str | None:
    return shutil.which("chromium") or (str(Path("/usr/bin/chromium")) if Path("/usr/bin/chromium").exists() else None)


def plain(received: str) -> str:
    """What the browser received, without terminal escape codes (words drawn in one style stay whole)."""
    return ANSI.sub("", received)


class Browser:
    """One headless chromium with its own throw-away profile; use as a context manager."""

    def __init__(self, width: int = 1400, height: int = 900) -> None:
        self.binary = chromium()
        self.size = (width, height)

    def __enter__(self) -> "Browser":
        self.profile = tempfile.TemporaryDirectory(prefix="amguide-chromium-")
        self.process = subprocess.Popen(
            [self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile.name}", "--remote-debugging-port=0",
             f"--window-size={self.size[0]},{self.size[1]}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.monotonic() + 60
        self.endpoint = None
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            if found:
                self.endpoint = found.group(1)
                break
        if self.endpoint is None:
            self.__exit__()
            raise RuntimeError("chromium n'a pas démarré son interface DevTools")
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.profile.cleanup()

    def find_text(self, url: str, needles: list[str], seconds: float = 60, screenshot: Path | None = None) -> str:
        """Open `url`, wait until every needle was received by the page; return the text received."""
        return asyncio.run(self._find_text(url, needles, seconds, screenshot))

    async def _find_text(self, url: str, needles: list[str], seconds: float, screenshot: Path | None) -> str:
        import aiohttp

        base = self.endpoint.replace("ws://", "http://").split("/devtools")[0]
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/json/list") as response:
                page = next(p for p in await response.json() if p["type"] == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                counter = 0

                async def call(method: str, **params):
                    nonlocal counter
                    counter += 1
                    await ws.send_json({"id": counter, "method": method, "params": params})
                    while True:
                        message = await ws.receive_json()
                        if message.get("id") == counter:
                            return message.get("result", {})

                await call("Page.enable")
                await call("Page.addScriptToEvaluateOnNewDocument", source=RECORDER)
                await call("Page.navigate", url=url)
                text, deadline = "", time.monotonic() + seconds
                while time.monotonic() < deadline:
                    result = await call("Runtime.evaluate", expression="window.__received || ''", returnByValue=True)
                    text = plain(result.get("result", {}).get("value", ""))
                    if all(n in text for n in needles):
                        break
                    await asyncio.sleep(0.5)
                if screenshot is not None:
                    await asyncio.sleep(1)
                    shot = await call("Page.captureScreenshot")
                    screenshot.write_bytes(base64.b64decode(shot["data"]))
                return text
