"""The Evidence site (bi/evidence), end to end: `make bi` builds it from the marts of a warehouse, and a real headless
Chromium renders every page from a local web server with every other network route closed.

The module builds the site once, with CX_DUCKDB_PATH naming the session's sample warehouse, copies it out of
bi/evidence/build and serves the copy on 127.0.0.1 from a thread (Evidence's pages fetch their data, so they need a
server). Each page is checked for console errors, failed loads, requests that leave 127.0.0.1 (the page's own and its
DuckDB-Wasm worker's, and every request the server saw), drawn charts (ECharts canvases with ink on them) and tables
with rows; the scorecard's support NPS is compared with fct_cx_scores read with duckdb, and full-page screenshots are
saved (`$CX_BI_SCREENSHOT_DIR`, else pytest's tmp folder). Skipped without npm or Chromium, except in CI, where
their absence fails (.ci/run installs both).
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import struct
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from browser import Browser, console_errors, evaluate, failed_loads, require_chromium, requested_urls, screenshot
from conftest import PROJECT_DIR, query
from cx_tools.headline import LATEST_COMPLETE_QUARTER_SQL

EVIDENCE_DIR = PROJECT_DIR / "bi" / "evidence"
SOURCES_DIR = EVIDENCE_DIR / "sources" / "cx"
WIDTH = 1400
# Page path: (name for the screenshot, what the page must draw).
PAGES = {
    "/": "scorecard",
    "/nps-trends/": "nps-trends",
    "/programs/": "programs",
    "/agents/": "agents",
    "/follow-up/": "follow-up",
}
NOT_MARTS = ("staging", "intermediate", "audit", "restricted", "reference", "semantic", "raw", "main")


def require_npm() -> None:
    """Skip without npm, except in CI, where its absence is a failure (.ci/run installs it)."""
    if shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("no npm on PATH: CI must install it (see .ci/run)")
        pytest.skip("no npm on PATH (apt-get install nodejs npm)")


# --------------------------------------------------------------------------------------------------------------
# The project's files, without building anything
# --------------------------------------------------------------------------------------------------------------

def test_source_queries_read_the_marts_only():
    """Every table a source query reads is in the marts schema (or one of its own CTEs): never staging,
    intermediate, audit, restricted or raw data; and no promoter/detractor counts NPS could be recomputed from."""
    files = sorted(SOURCES_DIR.glob("*.sql"))
    assert files, f"no source queries in {SOURCES_DIR}"
    for path in files:
        sql = re.sub(r"--[^\n]*", "", path.read_text()).lower()
        ctes = set(re.findall(r"(?:with|,)\s*([a-z_][a-z0-9_]*)\s+as\s*\(", sql))
        tables = re.findall(r"\b(?:from|join)\s+([a-z_][a-z0-9_.]*)(\s*\()?", sql)
        assert tables, f"{path.name} reads no table"
        for name, call in tables:
            if call:  # a table function: only DuckDB's own catalog
                assert name == "duckdb_databases", f"{path.name} calls {name}()"
                continue
            assert name.startswith("marts.") or name in ctes, f"{path.name} reads {name}, not a mart"
        for schema in NOT_MARTS:
            assert not re.search(rf"\b{schema}\.", sql), f"{path.name} names the {schema} schema"
        assert not re.search(r"\b(promoters|passives|detractors)\b", sql), f"{path.name} selects NPS counts"


def test_packages_are_pinned_and_telemetry_is_off():
    package = json.loads((EVIDENCE_DIR / "package.json").read_text())
    lock = json.loads((EVIDENCE_DIR / "package-lock.json").read_text())
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned exactly: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    # The two DuckDB engines: the native one that reads the warehouse (must read DuckDB 1.4 storage) and the Wasm
    # one in the browser (1.28.0 links parquet in: later builds download it from the internet).
    assert lock["packages"]["node_modules/@duckdb/node-api"]["version"].startswith("1.4.")
    assert lock["packages"]["node_modules/@duckdb/duckdb-wasm"]["version"] == "1.28.0"
    for key, entry in lock["packages"].items():
        resolved = entry.get("resolved")
        assert resolved is None or resolved.startswith("https://registry.npmjs.org/"), f"{key} from {resolved}"
    settings = json.loads((EVIDENCE_DIR / "evidence.settings.json").read_text())
    assert settings["send_anonymous_usage_stats"] == "no"


# --------------------------------------------------------------------------------------------------------------
# The built site in a real browser
# --------------------------------------------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; records every request the server answered (method, path, status) instead of logging it."""

    seen: list[tuple[str, str, int]]

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        self.seen.append((self.command, self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, list[tuple[str, str, int]]]:
    seen: list[tuple[str, str, int]] = []
    handler = type("Handler", (_QuietHandler,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


def _open(browser: Browser, url: str) -> str:
    """Like browser.open_page, and attaches to the page's workers too (DuckDB-Wasm runs in one), so their requests,
    console messages and exceptions are recorded with the page's: each worker waits at its start until _sessions
    has switched its events on."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True},
                 session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": WIDTH, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session=session)
    browser.send("Page.navigate", {"url": url}, session=session)
    return session


def _sessions(browser: Browser, page: str, handled: set[str]) -> set[str]:
    """The page's session and its workers' (switching Network, Runtime and Log on in each new worker, then letting
    it run)."""
    sessions = {page}
    for event in list(browser.events):
        if event.get("method") == "Target.attachedToTarget" and event.get("sessionId") == page:
            worker = event["params"]["sessionId"]
            sessions.add(worker)
            if worker not in handled:
                handled.add(worker)
                for method in ("Network.enable", "Runtime.enable", "Log.enable", "Runtime.runIfWaitingForDebugger"):
                    try:
                        browser.send(method, session=worker, timeout=10)
                    except Exception:  # a worker that has gone already, or a domain it lacks
                        pass
    return sessions


# What each page must show, measured in the DOM: the build note, the charts (ECharts canvases with ink on them),
# the tables' rows, and the support NPS element of the scorecard.
PAGE_STATE = """(() => {
  const info = document.querySelector('.build-info');
  const charts = [...document.querySelectorAll('.interval-chart')].map((c) => {
    const canvas = c.querySelector('.chart canvas');
    let ink = 0;
    if (canvas && canvas.width && canvas.height) {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 16) if (data[i] > 0) ink++;
    }
    return {value: c.dataset.value, points: +c.dataset.points, intervals: +c.dataset.intervals,
            canvas: !!canvas, width: canvas ? canvas.width : 0, height: canvas ? canvas.height : 0, ink,
            noAnswers: !!c.querySelector('.no-answers')};
  });
  const tables = [...document.querySelectorAll('table')].map((t) =>
    [...t.querySelectorAll('tr')].filter((r) => r.querySelector('td'))
      .map((r) => [...r.querySelectorAll('td')].map((td) => td.innerText.trim())));
  const support = document.querySelector('#support-nps');
  return {
    warehouse: info ? info.dataset.warehousePath || null : null,
    readAt: info ? info.dataset.readAt || null : null,
    text: document.body.innerText,
    charts, tables,
    support: support ? {nps: support.dataset.nps ?? null, periodStart: support.dataset.periodStart ?? null,
                        text: support.innerText} : null,
  };
})()"""


def _page_ready(state: dict | None, page: str) -> bool:
    if not state or not state["warehouse"]:
        return False
    if any(c["points"] and not c["ink"] for c in state["charts"]):
        return False
    rows = sum(len(t) for t in state["tables"])
    if page == "/":
        return bool(state["support"] and state["support"]["nps"]) and len(state["charts"]) == 3 and rows > 0
    if page == "/follow-up/":
        return rows > 0
    return bool(state["charts"]) and rows > 0


@pytest.fixture(scope="module")
def site(sample_warehouse, tmp_path_factory) -> dict[str, Any]:
    """`make bi` on the sample warehouse; the built site copied out, served, and every page opened in Chromium."""
    require_npm()
    require_chromium()
    tmp = tmp_path_factory.mktemp("bi_evidence")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["CX_DUCKDB_PATH"] = str(sample_warehouse)
    profile = PROJECT_DIR / "bi" / "customization" / ".profile.json"  # where Evidence's telemetry keeps its id
    started = time.monotonic()
    proc = subprocess.run(["make", "-C", str(PROJECT_DIR), "--no-print-directory", "bi"], env=env,
                          capture_output=True, text=True, timeout=1800)
    build_seconds = time.monotonic() - started
    assert proc.returncode == 0, f"make bi failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-6000:]}"
    assert str(EVIDENCE_DIR / "build") in proc.stdout, proc.stdout
    assert not profile.exists(), "Evidence wrote a telemetry profile: usage stats are not switched off"
    root = tmp / "site"
    shutil.copytree(EVIDENCE_DIR / "build", root)

    manifest = json.loads((root / "data" / "manifest.json").read_text())
    parquet = {Path(f).name for files in manifest["renderedFiles"].values() for f in files}
    assert parquet, "the site has no source data"
    server, seen = _serve(root)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    shots = Path(os.environ.get("CX_BI_SCREENSHOT_DIR", tmp / "screenshots"))
    browser = Browser(tmp / "chromium-profile", allow_loopback=True)
    pages: dict[str, dict[str, Any]] = {}
    handled: set[str] = set()
    try:
        for path, name in PAGES.items():
            session = _open(browser, base + path)
            deadline = time.monotonic() + 90
            state = None
            while time.monotonic() < deadline:
                browser.drain(0.2)
                sessions = _sessions(browser, session, handled)
                state = evaluate(browser, session, PAGE_STATE)
                # Ready when drawn from the prerendered results and the in-browser DuckDB has read every source.
                if _page_ready(state, path) and parquet <= _parquet_read(browser.events, sessions - {session}):
                    break
            browser.drain(2)  # late requests and messages
            sessions = _sessions(browser, session, handled)
            png_path = shots / f"evidence-{name}.png"
            png, height = screenshot(browser, session, WIDTH, png_path)
            pages[path] = {
                "state": state,
                "parquet_read": _parquet_read(browser.events, sessions - {session}),
                "events": [e for e in browser.events if e.get("sessionId") in sessions],
                "png": png, "png_path": png_path, "height": height,
            }
    finally:
        browser.close()
        server.shutdown()
    return {"pages": pages, "base": base, "seen": seen, "root": root, "build_seconds": build_seconds,
            "parquet": parquet}


def _parquet_read(events: list[dict[str, Any]], workers: set[str]) -> set[str]:
    """The names of the parquet files the page's workers (DuckDB-Wasm) fetched completely."""
    urls = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in events
            if e.get("method") == "Network.requestWillBeSent" and e.get("sessionId") in workers}
    done = {e["params"]["requestId"] for e in events
            if e.get("method") == "Network.loadingFinished" and e.get("sessionId") in workers}
    return {Path(urls[r].split("?")[0]).name for r in done if r in urls and ".parquet" in urls[r]}


def _marts_support_nps(db: Path) -> tuple[Any, float]:
    (quarter,) = query(db, LATEST_COMPLETE_QUARTER_SQL)[0]
    (nps,) = query(db, f"select nps from marts.fct_cx_scores where period_grain = 'quarter' "
                       f"and period_start = date '{quarter}' "
                       "and program = 'transactional' and touchpoint = 'support_interaction'")[0]
    return quarter, nps


def test_every_page_renders_offline(site):
    base = site["base"]
    for path, page in site["pages"].items():
        events = page["events"]
        assert page["state"] and _page_ready(page["state"], path), f"{path} did not render: {page['state']}"
        assert console_errors(events) == [], f"{path}: {json.dumps(console_errors(events))[:3000]}"
        by_id = {e["params"]["requestId"]: e["params"]["request"]["url"]
                 for e in events if e.get("method") == "Network.requestWillBeSent"}
        # Evidence cancels its fetch of a query's prerendered result when the in-browser DuckDB answers first: a
        # request the page aborted itself is not a failed load (and must still have been to this server).
        failed = [f for f in failed_loads(events) if not f.get("canceled")]
        assert failed == [], f"{path}: {[(f['errorText'], by_id.get(f['requestId'])) for f in failed]}"
        for f in failed_loads(events):
            assert by_id.get(f["requestId"], base).startswith(base + "/"), f"{path}: cancelled {f}"
        outside = [u for u in requested_urls(events)
                   if not u.startswith(base + "/") and not u.startswith(("data:", "blob:"))]
        assert outside == [], f"{path} requested {outside}"
    errors = [(method, p, code) for method, p, code in site["seen"] if code >= 400]
    assert errors == [], f"the server answered {errors}"
    # On every page the in-browser DuckDB (DuckDB-Wasm 1.28, parquet linked in) read every source's data offline.
    for path, page in site["pages"].items():
        assert page["parquet_read"] == site["parquet"], (path, site["parquet"] - page["parquet_read"])


def test_every_chart_is_drawn_and_every_table_has_rows(site, sample_warehouse):
    pages = site["pages"]
    for path, page in pages.items():
        state = page["state"]
        for chart in state["charts"]:
            if chart["points"]:
                assert chart["canvas"] and chart["width"] > 100 and chart["height"] > 100 and chart["ink"] > 200, \
                    f"{path}: chart of {chart['value']} not drawn: {chart}"
            else:
                assert chart["noAnswers"], f"{path}: empty chart of {chart['value']} says nothing: {chart}"
        assert any(len(t) for t in state["tables"]), f"{path} has no table rows"
    # As many small multiples as touchpoints with a monthly NPS, each with its band or bars.
    touchpoints = query(sample_warehouse, "select count(distinct program || touchpoint) from marts.fct_cx_scores "
                                          "where period_grain = 'month' and nps is not null")[0][0]
    trends = pages["/nps-trends/"]["state"]["charts"]
    assert len(trends) == touchpoints and all(c["points"] and c["intervals"] for c in trends)
    # Relational vs transactional: NPS, CES and CSAT of each programme; a chart wherever the mart has a score.
    programs = pages["/programs/"]["state"]["charts"]
    assert len(programs) == 6
    for chart, (program, column) in zip(programs, [(p, c) for c in ("nps", "ces_avg", "csat_pct")
                                                    for p in ("relational", "transactional")]):
        (n,) = query(sample_warehouse, f"select count({column}) from marts.fct_cx_scores "
                                       f"where period_grain = 'quarter' and program = '{program}'")[0]
        assert chart["value"] == column and chart["points"] == n, (program, column, chart)
    # The call list: one row per fct_detractor_follow_up row (the table shows 25 a page).
    (calls,) = query(sample_warehouse, "select count(*) from marts.fct_detractor_follow_up")[0]
    rows = max(pages["/follow-up/"]["state"]["tables"], key=len)
    assert len(rows) == min(calls, 25)


def test_agent_leaderboard_lists_ranked_agents_only(site, sample_warehouse):
    state = site["pages"]["/agents/"]["state"]
    ranked = {r[0] for r in query(sample_warehouse, "select agent_id from marts.fct_agent_scores "
                                                    "where unranked_reason is null")}
    unranked_only = {r[0] for r in query(sample_warehouse, "select agent_id from marts.fct_agent_scores "
                                                           "group by agent_id having count(unranked_reason) = count(*)")}
    listed = {row[1] for table in state["tables"] for row in table}
    assert listed and listed <= ranked, listed - ranked
    assert not listed & unranked_only
    (rolling,) = query(sample_warehouse, """
        select count(*) from marts.fct_agent_scores
        where period_grain = 'rolling_12_months' and unranked_reason is null and csat_best_rank <= 10
            and period_start = (select max(period_start) from marts.fct_agent_scores
                                where period_grain = 'rolling_12_months' and is_complete_period)""")[0]
    assert rolling and any(len(t) == rolling for t in state["tables"])


def test_scorecard_support_nps_is_the_marts(site, sample_warehouse):
    """The latest complete quarter's support NPS on the scorecard is fct_cx_scores's (the headline's quarter rule)."""
    quarter, nps = _marts_support_nps(sample_warehouse)
    state = site["pages"]["/"]["state"]
    support = state["support"]
    assert support["periodStart"] == str(quarter)
    assert abs(float(support["nps"]) - nps) < 1e-9
    assert f"{nps:.1f}" in support["text"]
    row = next(r for t in state["tables"] for r in t if r and r[0] == "support_interaction")
    assert row[1] == "transactional" and abs(float(row[3]) - nps) <= 0.05, row
    assert f"starting {quarter}" in state["text"]


def test_every_page_names_its_warehouse_and_build_time(site, sample_warehouse):
    for path, page in site["pages"].items():
        state = page["state"]
        assert state["warehouse"] == str(sample_warehouse), (path, state["warehouse"])
        assert str(sample_warehouse) in state["text"], path
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", state["readAt"] or ""), (path, state["readAt"])


def test_screenshots_are_full_page_pngs(site):
    for path, page in site["pages"].items():
        png = page["png"]
        assert png[:8] == b"\x89PNG\r\n\x1a\n", path
        width, height = struct.unpack(">II", png[16:24])
        assert width == WIDTH and height == page["height"] >= 600, (path, width, height)
        assert len(png) > 30_000 and page["png_path"].read_bytes() == png, path
