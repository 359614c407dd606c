"""A headless Chromium driven over the DevTools protocol on a pipe (standard library only), with the network closed.

Debian's `chromium` with the STACK.md flags; every host resolves to nothing and every proxied request hits a closed
port, so a page that reaches for the internet fails visibly. Shared by the browser tests (dashboard, BI site, docs).
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CX_CHROMIUM", "/usr/bin/chromium")


def require_chromium() -> None:
    """Skip without a Chromium, except in CI, where its absence is a failure (.ci/run installs it)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}: CI must install it (see .ci/run)")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")


class Browser:
    def __init__(self, user_data_dir: Path, allow_loopback: bool = False) -> None:
        """`allow_loopback`: also reach 127.0.0.1 (a site served by the test itself); every other host stays closed.
        Chromium never sends loopback requests to the proxy, so only the resolver rule needs the exception."""
        resolver_rules = "MAP * ~NOTFOUND" + (", EXCLUDE 127.0.0.1" if allow_loopback else "")
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        # Move the child's ends out of the way of 3 and 4 before dup2 puts them there.
        child_in = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def wire_pipes() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.proc = subprocess.Popen(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={user_data_dir}", "--remote-debugging-pipe",
                # No network at all: every host resolves to nothing and every proxied request hits a closed port.
                f"--host-resolver-rules={resolver_rules}", "--proxy-server=http://127.0.0.1:9",
                "--window-size=1400,1000", "--hide-scrollbars", "--force-device-scale-factor=1",
                "about:blank",
            ],
            pass_fds=(3, 4), preexec_fn=wire_pipes, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        os.close(child_in)
        os.close(child_out)
        self._write = os.fdopen(to_chrome_w, "wb", buffering=0)
        self._read_fd = from_chrome_r
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self._read_fd, 1 << 16)
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                self._messages.put(json.loads(raw))

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._write.write(json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._messages.get(timeout=max(0.1, deadline - time.monotonic()))
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                self.events.append(self._messages.get(timeout=0.05))
            except queue.Empty:
                pass

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()



def evaluate(browser: Browser, session: str, expression: str) -> Any:
    return browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                        session=session)["result"].get("value")


def screenshot(browser: Browser, session: str, width: int, path: Path) -> tuple[bytes, int]:
    height = evaluate(browser, session, "document.documentElement.scrollHeight")
    shot = browser.send("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
    }, session=session, timeout=60)
    png = base64.b64decode(shot["data"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return png, height


def open_page(browser: Browser, url: str, width: int = 1400, height: int = 1000) -> str:
    """A new tab with Page, Runtime, Log and Network events on, navigated to `url`; returns its session id."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
    browser.send("Page.navigate", {"url": url}, session=session)
    return session


def wait_for(browser: Browser, session: str, expression: str, timeout: float = 60) -> Any:
    """Evaluate `expression` until it is truthy (or the timeout passes); returns its last value."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        browser.drain(0.3)
        value = evaluate(browser, session, expression)
        if value:
            break
    return value


def requested_urls(events: list[dict[str, Any]]) -> list[str]:
    return [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]


def failed_loads(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e["params"] for e in events if e.get("method") == "Network.loadingFailed"]


def console_errors(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Console errors and assertions, uncaught exceptions and error log entries."""
    return [
        e["params"] for e in events
        if (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
        or e.get("method") == "Runtime.exceptionThrown"
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
    ]
