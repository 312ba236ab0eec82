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
        self.profile = tempfile.TemporaryDirectory(prefix="amguide-chromium-", ignore_cleanup_errors=True)
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
        async def look(page: "Page") -> str:
            text = await page.wait_for(needles, seconds)
            if screenshot is not None:
                await page.screenshot(screenshot)
            return text

        return self.drive(url, look)

    def drive(self, url: str, script, downloads: Path | None = None):
        """Open `url` and run `await script(page)` on it (keys, waits, screenshots); downloads the page
        starts land in `downloads`. Returns what the script returns."""
        return asyncio.run(self._drive(url, script, downloads))

    async def _drive(self, url: str, script, downloads: Path | None):
        import aiohttp

        base = self.endpoint.replace("ws://", "http://").split("/devtools")[0]
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(self.endpoint, max_msg_size=0) as browser:   # held: the setting lasts with it
                if downloads is not None:
                    await _call(browser, 1, "Browser.setDownloadBehavior", behavior="allow",
                                downloadPath=str(downloads))
                async with http.get(f"{base}/json/list") as response:
                    target = next(p for p in await response.json() if p["type"] == "page")
                async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    page = Page(ws)
                    await page.call("Page.enable")
                    await page.call("Page.addScriptToEvaluateOnNewDocument", source=RECORDER)
                    await page.call("Page.navigate", url=url)
                    return await script(page)


async def _call(ws, counter: int, method: str, **params) -> dict:
    await ws.send_json({"id": counter, "method": method, "params": params})
    while True:
        message = await ws.receive_json()
        if message.get("id") == counter:
            return message.get("result", {})


# Keys as xterm.js reads them from the browser: DOM key name, code, Windows virtual key code.
KEYS = {"f3": ("F3", "F3", 114), "right": ("ArrowRight", "ArrowRight", 39), "left": ("ArrowLeft", "ArrowLeft", 37),
        "down": ("ArrowDown", "ArrowDown", 40), "home": ("Home", "Home", 36), "escape": ("Escape", "Escape", 27),
        "enter": ("Enter", "Enter", 13), "tab": ("Tab", "Tab", 9), "backspace": ("Backspace", "Backspace", 8)}


class Page:
    """One page of the headless chromium, driven over the DevTools protocol."""

    def __init__(self, ws) -> None:
        self.ws, self.counter = ws, 0

    async def call(self, method: str, **params) -> dict:
        self.counter += 1
        return await _call(self.ws, self.counter, method, **params)

    async def text(self) -> str:
        """Everything the page received from the app so far, without escape codes."""
        result = await self.call("Runtime.evaluate", expression="window.__received || ''", returnByValue=True)
        return plain(result.get("result", {}).get("value", ""))

    async def wait_for(self, needles: list[str], seconds: float = 60, since: int = 0) -> str:
        """Wait until every needle was received after the first `since` characters; return all the text."""
        text, deadline = "", time.monotonic() + seconds
        while time.monotonic() < deadline:
            text = await self.text()
            if all(n in text[since:] for n in needles):
                break
            await asyncio.sleep(0.5)
        return text

    async def press(self, *keys: str) -> None:
        """Key names from KEYS, or single characters typed as they are (to the terminal, focused first as a
        visitor's click would)."""
        await self.call("Runtime.evaluate", expression="document.querySelector('.xterm-helper-textarea')?.focus()")
        for key in keys:
            if key in KEYS:
                name, code, vk = KEYS[key]
                extra = {"text": "\r"} if key == "enter" else {}
                await self.call("Input.dispatchKeyEvent", type="keyDown", key=name, code=code,
                                windowsVirtualKeyCode=vk, **extra)
                await self.call("Input.dispatchKeyEvent", type="keyUp", key=name, code=code, windowsVirtualKeyCode=vk)
            else:
                await self.call("Input.dispatchKeyEvent", type="keyDown", key=key, text=key)
                await self.call("Input.dispatchKeyEvent", type="keyUp", key=key)
            await asyncio.sleep(0.15)

    async def screenshot(self, path: Path) -> None:
        await asyncio.sleep(1)
        shot = await self.call("Page.captureScreenshot")
        path.write_bytes(base64.b64decode(shot["data"]))
