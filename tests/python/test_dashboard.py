"""The static dashboard: written from the marts only, self-contained, and rendered by a real headless Chromium.

The browser test drives Debian's `chromium` (STACK.md flags) over the DevTools protocol on a pipe (standard library
only): it records every network request, console message and uncaught exception while the page loads from disk
with every network route closed, counts what plotly drew in each chart, and saves a full-page screenshot
(`$CX_DASHBOARD_SCREENSHOT`, else pytest's tmp folder). It is skipped when no Chromium is installed;
`.ci/run` installs one.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import struct
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import query
from cx_tools.dashboard import write_dashboard

CHROMIUM = os.environ.get("CX_CHROMIUM", "/usr/bin/chromium")
OPTIONAL_MARTS = {
    "fct_response_rates": "Response rates",
    "fct_agent_scores": "Agent leaderboard",
    "fct_detractor_follow_up": "Detractors to follow up",
    "fct_response_themes": "Theme impact",
}


def _marts(db: Path) -> set[str]:
    return {r[0] for r in query(db, "select table_name from information_schema.tables where table_schema = 'marts'")}


@pytest.fixture(scope="module")
def dashboard(sample_warehouse: Path, tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("dashboard") / "index.html"
    titles = write_dashboard(sample_warehouse, out)
    return out, titles


def test_page_is_self_contained(dashboard):
    page, _ = dashboard
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script src=" not in text.replace('<script src=""', ""), "every script must be inline"
    assert "<link " not in text, "no external stylesheet or font"
    assert "plotly.js v" in text or "Plotly" in text, "plotly.js must be inlined"
    assert page.stat().st_size > 3_000_000, "the inlined plotly.js bundle is missing"


def test_sections_follow_the_marts(dashboard, sample_warehouse):
    _, titles = dashboard
    marts = _marts(sample_warehouse)
    assert any(t.startswith("Scorecard") for t in titles)
    assert "Trends by touchpoint" in titles and "Relational vs transactional" in titles
    for mart, title in OPTIONAL_MARTS.items():
        assert any(t.startswith(title) for t in titles) == (mart in marts), (mart, titles)


def test_follow_up_count_is_the_marts(dashboard, sample_warehouse):
    if "fct_detractor_follow_up" not in _marts(sample_warehouse):
        pytest.skip("fct_detractor_follow_up is not built (issue 3)")
    page, _ = dashboard
    (count,) = query(sample_warehouse, "select count(*) from marts.fct_detractor_follow_up")[0]
    assert f'<span class="kpi-value" id="follow-up-count">{count}</span>' in page.read_text(encoding="utf-8")


def test_page_without_the_optional_marts(sample_warehouse, tmp_path):
    """With only fct_cx_scores in the warehouse, the page is written with the sections it can draw."""
    db = tmp_path / "only_scores.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(f"attach '{sample_warehouse}' as src (read_only)")
        con.execute("create schema marts")
        con.execute("create table marts.fct_cx_scores as select * from src.marts.fct_cx_scores")
    titles = write_dashboard(db, tmp_path / "index.html")
    assert titles == ["Trends by touchpoint", "Relational vs transactional"]


# --------------------------------------------------------------------------------------------------------------
# Headless Chromium over the DevTools protocol (--remote-debugging-pipe: JSON messages ending in NUL, fd 3 in,
# fd 4 out).
# --------------------------------------------------------------------------------------------------------------

class Browser:
    def __init__(self, user_data_dir: Path) -> None:
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
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
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


CHART_PROBE = """
Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => ({
  title: (gd.layout && gd.layout.title && gd.layout.title.text) || gd.id,
  svgs: gd.querySelectorAll('svg.main-svg').length,
  traces: (gd._fullData || []).length,
  values: (gd._fullData || []).reduce((n, t) =>
      n + (t.type === 'heatmap' ? (t.z || []).flat().filter(v => v !== null).length : (t.x || []).length), 0),
  drawn: gd.querySelectorAll(
      '.scatterlayer path.point, .scatterlayer path.js-line, .scatterlayer path.js-fill, ' +
      '.barlayer path, .heatmaplayer image').length,
}))
"""


def test_dashboard_renders_in_headless_chromium(dashboard, tmp_path):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}: CI must install it (see .ci/run)")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    page, titles = dashboard
    expected_charts = page.read_text(encoding="utf-8").count('class="plotly-graph-div"')
    assert expected_charts >= 5
    browser = Browser(tmp_path / "chromium-profile")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session=session)
        browser.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)

        charts: list[dict] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            browser.drain(0.5)
            charts = browser.send("Runtime.evaluate", {"expression": CHART_PROBE, "returnByValue": True},
                                  session=session)["result"].get("value") or []
            if len(charts) == expected_charts and all(c["drawn"] > 0 for c in charts):
                break
        browser.drain(1.0)

        height = browser.send("Runtime.evaluate", {
            "expression": "document.documentElement.scrollHeight", "returnByValue": True,
        }, session=session)["result"]["value"]
        shot = browser.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1400, "height": height, "scale": 1},
        }, session=session, timeout=60)
        png = base64.b64decode(shot["data"])
        screenshot = Path(os.environ.get("CX_DASHBOARD_SCREENSHOT", tmp_path / "dashboard.png"))
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_bytes(png)
    finally:
        browser.close()

    events = browser.events
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    console_errors = [
        e["params"] for e in events
        if (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
        or e.get("method") == "Runtime.exceptionThrown"
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
    ]
    failed = [e["params"] for e in events if e.get("method") == "Network.loadingFailed"]

    assert requests and requests[0] == page.resolve().as_uri(), requests[:3]
    assert all(url.startswith(("file:", "data:", "about:", "blob:")) for url in requests), (
        f"the page reached for the network: {[u for u in requests if not u.startswith(('file:', 'data:'))]}"
    )
    assert not failed, f"failed loads: {failed}"
    assert not console_errors, f"console errors: {console_errors}"

    assert len(charts) == expected_charts, f"{len(charts)} of {expected_charts} charts initialised"
    for chart in charts:
        assert chart["svgs"] >= 1, chart
        assert chart["traces"] >= 1 and chart["values"] > 0, f"chart without data: {chart}"
        assert chart["drawn"] > 0, f"chart drew nothing: {chart}"

    signature, (width, png_height) = png[:8], struct.unpack(">II", png[16:24])
    assert signature == b"\x89PNG\r\n\x1a\n"
    assert width == 1400 and png_height == height > 3000, (width, png_height)
    assert len(png) > 200_000, "a screenshot of seven sections of charts is not this small"
    print(f"screenshot: {screenshot} ({width}x{png_height}, {len(png)} bytes); charts: {len(charts)}")
