"""The static dashboard: written from the marts only, self-contained, and rendered by a real headless Chromium.

The browser tests drive headless Chromium through browser.py (the DevTools protocol on a pipe, standard library
only): they record every network request, console message and uncaught exception while the page loads from disk
with every network route closed, count what plotly drew in each chart, read the scorecard's verdict cells and every
error bar and band plotly drew (compared with the marts), check the scorecard fits an 800-px window, and save
full-page screenshots (`$CX_DASHBOARD_SCREENSHOT`, else pytest's tmp folder; the 800-px one beside it). They are
skipped when no Chromium is installed; `.ci/run` installs one.
"""
from __future__ import annotations

import os
import re
import struct
import time
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest

from browser import (Browser, console_errors, evaluate, failed_loads, open_page, require_chromium,
                     requested_urls, screenshot)
from conftest import query
from cx_tools.dashboard import Marts, agents_section, follow_up_section, response_rates_section, write_dashboard

OPTIONAL_MARTS = {
    "fct_response_rates": "Response rates",
    "fct_agent_scores": "Agent leaderboard",
    "fct_detractor_follow_up": "Detractors to follow up",
    "fct_response_themes": "Theme impact",
}
SUPPRESSED = "suppressed (fewer than 5 answered)"
VERDICT_TEXT = {
    "on_target": "on target",
    "beyond_interval": "below target, beyond its interval",
    "inside_interval": "below target, inside its interval",
    "no_interval": "no interval (n too small)",
    "no_target": "no target",
    "no_answers": "no answers",
}
SCORE_COLUMNS = {  # score key: (point estimate, lower bound, upper bound) in fct_cx_scores(_vs_target)
    "nps": ("nps", "nps_lower_95", "nps_upper_95"),
    "ces": ("ces_avg", "ces_lower_95", "ces_upper_95"),
    "csat": ("csat_pct", "csat_lower_95", "csat_upper_95"),
}


def _marts(db: Path) -> set[str]:
    return {r[0] for r in query(db, "select table_name from information_schema.tables where table_schema = 'marts'")}


def _rows(db: Path, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    with duckdb.connect(str(db), read_only=True) as con:
        result = con.execute(sql, params or [])
        names = [d[0] for d in result.description]
        return [dict(zip(names, r)) for r in result.fetchall()]


def _latest_complete_quarter(db: Path, table: str) -> Any:
    (quarter,) = query(db, f"select max(period_start) from marts.{table} "
                           "where period_grain = 'quarter' and is_complete_period")[0]
    return quarter


def _expected_verdict(row: dict[str, Any], score: str) -> str:
    """The verdict the scorecard must show, from the mart's boolean columns."""
    if row[f"{score}_target"] is None:
        return "no_target"
    if row[f"is_{score}_on_target"] is None:
        return "no_answers"
    if row[f"is_{score}_on_target"]:
        return "on_target"
    beyond = row[f"is_{score}_below_target_beyond_interval"]
    if beyond is None:
        return "no_interval"
    return "beyond_interval" if beyond else "inside_interval"


class _Tables(HTMLParser):
    """The rows of every <table id=...> of a page: per row its attributes and its cells (text, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self._table: str | None = None
        self._row: dict[str, Any] | None = None
        self._cell: dict[str, Any] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id") or attrs.get("class")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = {"attrs": attrs, "cells": []}
            self.tables[self._table].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = {"tag": tag, "attrs": attrs, "text": ""}
            self._row["cells"].append(self._cell)
        elif tag == "br" and self._cell is not None:
            self._cell["text"] += " "

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "tr":
            self._row = None
        elif tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def _tables(html_text: str) -> dict[str, list[dict[str, Any]]]:
    parser = _Tables()
    parser.feed(html_text)
    return parser.tables


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


def test_page_names_its_warehouse_and_build_time(dashboard, sample_warehouse):
    """The header (and footer) say which warehouse file the page was drawn from, and when it was built."""
    page, _ = dashboard
    text = page.read_text(encoding="utf-8")
    header = re.search(r"<header>.*?</header>", text, re.S).group(0)
    stamp = re.search(r'<code id="cx-warehouse">(.*?)</code> <span id="cx-built">(.*?)</span>', header)
    assert stamp and stamp.group(1) == str(sample_warehouse.resolve()), header
    built = re.fullmatch(r"\(file modified (\S+ \S+) UTC\), built (\S+ \S+) UTC", stamp.group(2))
    assert built, stamp.group(2)
    built_at = datetime.strptime(built.group(2), "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - built_at).total_seconds()) < 3600, built_at
    assert str(sample_warehouse.resolve()) in re.search(r"<footer>.*?</footer>", text, re.S).group(0)


def test_sections_follow_the_marts(dashboard, sample_warehouse):
    _, titles = dashboard
    marts = _marts(sample_warehouse)
    assert any(t.startswith("Scorecard") for t in titles)
    assert "Trends by touchpoint" in titles and "Relational vs transactional" in titles
    for mart, title in OPTIONAL_MARTS.items():
        assert any(t.startswith(title) for t in titles) == (mart in marts), (mart, titles)


def test_scorecard_is_the_latest_complete_quarter(dashboard, sample_warehouse):
    """Heading and verdict cells name the latest complete quarter; the retired columns are not read."""
    page, titles = dashboard
    quarter = _latest_complete_quarter(sample_warehouse, "fct_cx_scores_vs_target")
    assert quarter is not None, "the sample has no complete quarter"
    assert f"Scorecard, latest complete quarter, starting {quarter}" in titles
    text = page.read_text(encoding="utf-8")
    starts = set(re.findall(r'data-verdict="[a-z_]+" [^>]*data-period-start="([0-9-]+)"', text))
    assert starts == {str(quarter)}
    package = Path(__file__).parents[2].joinpath("cx_tools", "dashboard")
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(package.iterdir()) if p.suffix in (".py", ".css"))
    assert "write_dashboard" in source, package
    for retired in ("fct_cx_scorecard", "ces_moe_95", "csat_moe_95", "is_nps_below_target_beyond_moe"):
        assert retired not in source, retired


def test_follow_up_count_is_the_marts(dashboard, sample_warehouse):
    if "fct_detractor_follow_up" not in _marts(sample_warehouse):
        pytest.skip("fct_detractor_follow_up is not built (issue 3)")
    page, _ = dashboard
    (count,) = query(sample_warehouse, "select count(*) from marts.fct_detractor_follow_up")[0]
    assert f'<span class="kpi-value" id="follow-up-count">{count}</span>' in page.read_text(encoding="utf-8")


def test_detractor_panel_is_the_call_list(dashboard, sample_warehouse):
    """One table row per row of fct_detractor_follow_up, with its touchpoint, score, wait, ids and reason."""
    if "fct_detractor_follow_up" not in _marts(sample_warehouse):
        pytest.skip("fct_detractor_follow_up is not built (issue 3)")
    page, _ = dashboard
    expected = _rows(sample_warehouse, "select * from marts.fct_detractor_follow_up")
    rows = [r for r in _tables(page.read_text(encoding="utf-8")).get("follow-up-list", [])
            if r["attrs"].get("class") == "follow-up"]
    assert len(rows) == len(expected)
    assert sorted(r["attrs"]["data-response-id"] for r in rows) == sorted(e["response_id"] for e in expected)
    by_id = {r["attrs"]["data-response-id"]: [c["text"].split() for c in r["cells"]] for r in rows}
    for e in expected:
        cells = by_id[e["response_id"]]
        assert cells[0][0] == e["touchpoint"]
        assert cells[1] == [str(e["nps_score"])]
        assert cells[2][0] == str(e["days_since_answer"])
        for i, column in ((3, "customer_id"), (4, "ticket_id"), (5, "agent_id")):
            assert cells[i] == [e[column] if e[column] is not None else "–"], column
        assert " ".join(cells[6]) == (" ".join(e["reason_text"].split()) if e["reason_text"] else "–")
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        section = follow_up_section(Marts(con))
    assert section is not None and not section.figures, "the call list is a table, not a chart"


def test_employee_response_rates_are_apart(sample_warehouse):
    """Employee cells sit in their own table (suppressed ones say so), never in the customer heatmap; each cell
    shows its answered and invitation counts."""
    quarter = _latest_complete_quarter(sample_warehouse, "fct_response_rates")
    rows = _rows(sample_warehouse, "select * from marts.fct_response_rates where period_grain = 'quarter' "
                 "and period_start = ?", [quarter])
    employees = [r for r in rows if r["audience"] == "employee"]
    customers = [r for r in rows if r["audience"] == "customer"]
    if not employees:
        pytest.skip("no employee response rates in the latest complete quarter")
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        section = response_rates_section(Marts(con))
    assert section is not None and section.title.endswith(f"latest complete quarter, starting {quarter}")

    (heatmap,) = [t for fig in section.figures for t in fig.data if t.type == "heatmap"]
    labels = set(heatmap.y)
    assert labels == {f"{r['program']} · {r['touchpoint']}" for r in customers}
    assert not labels & {f"{r['program']} · {r['touchpoint']}" for r in employees}
    channels = list(heatmap.x)
    for r in customers:
        text = heatmap.text[list(heatmap.y).index(f"{r['program']} · {r['touchpoint']}")][channels.index(r["channel"])]
        assert f"{r['responded']} of {r['invitations']}" in text, (r, text)

    cells = [c for block in section.html_blocks for row in _tables(block).get("rates employee-rates", [])
             for c in row["cells"] if c["attrs"].get("data-audience") == "employee"]
    assert len(cells) == len(employees)
    by_key = {(c["attrs"]["data-touchpoint"], c["attrs"]["data-channel"]): c for c in cells}
    for r in employees:
        cell = by_key[(r["touchpoint"], r["channel"])]
        assert cell["attrs"]["data-invitations"] == str(r["invitations"])
        assert f"{r['invitations']} invitations" in cell["text"] or f"of {r['invitations']} answered" in cell["text"]
        if r["is_suppressed"]:
            assert SUPPRESSED in cell["text"] and cell["attrs"]["data-suppressed"] == "true"
            assert r["responded"] is None and "%" not in cell["text"]
        else:
            assert f"{r['responded']} of {r['invitations']} answered" in cell["text"]


def test_agent_leaderboard_ranks_only_ranked_agents(sample_warehouse):
    """Latest complete quarter and rolling 12 months: only ranked agents drawn, with their best or worst rank;
    the unranked ones counted per reason."""
    quarter = _latest_complete_quarter(sample_warehouse, "fct_agent_scores")
    (rolling,) = query(sample_warehouse, "select max(period_start) from marts.fct_agent_scores "
                                         "where period_grain = 'rolling_12_months' and is_complete_period")[0]
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        section = agents_section(Marts(con))
    assert section is not None and section.title.endswith(f"latest complete quarter, starting {quarter}")
    page = "".join(section.html_blocks)
    assert "rolling_12_months" in page
    drawn_any = False
    for grain, start in (("quarter", quarter), ("rolling_12_months", rolling)):
        if start is None:
            continue
        rows = _rows(sample_warehouse, "select * from marts.fct_agent_scores where period_grain = ? "
                     "and period_start = ?", [grain, start])
        unranked = [r for r in rows if r["unranked_reason"] is not None]
        line = re.search(rf'<p class="note unranked" data-grain="{grain}" data-period-start="{start}" '
                         r'data-unranked="(\d+)">(.*?)</p>', page)
        assert line and int(line.group(1)) == len(unranked), (grain, page)
        assert line.group(2).startswith(f"{len(unranked)} of {len(rows)} agents unranked"), line.group(2)
        for reason in {r["unranked_reason"] for r in unranked}:
            count = sum(r["unranked_reason"] == reason for r in unranked)
            assert re.search(rf"(: |; ){count} [^;]*\(<code>{reason}</code>\)", line.group(2)), (reason, count)
        ranked = {r["agent_id"]: r for r in rows if r["unranked_reason"] is None}
        traces = [t for fig in section.figures for t in fig.data if t.meta and t.meta.get("grain") == grain]
        assert bool(traces) == bool(ranked), grain
        for trace in traces:
            rank = trace.meta["rank"]
            for label in trace.y:
                shown_rank, agent = re.match(r"#(\d+) (\S+) ·", label).groups()
                assert agent in ranked, (grain, label)
                assert int(shown_rank) == ranked[agent][rank], (grain, label)
                assert f"n={ranked[agent]['csat_responses']}" in label
                drawn_any = True
    assert drawn_any, "no agent is ranked in the sample"


def test_themes_ranked_by_lift(dashboard, sample_warehouse):
    page, _ = dashboard
    quarter = _latest_complete_quarter(sample_warehouse, "fct_response_themes")
    expected = _rows(sample_warehouse, "select theme, nps_responses, is_lift_significant from marts.fct_response_themes "
                     "where period_grain = 'quarter' and period_start = ? order by detractor_lift desc nulls last, theme",
                     [quarter])
    rows = [r for r in _tables(page.read_text(encoding="utf-8"))["themes"] if r["attrs"].get("class") == "theme"]
    assert [r["attrs"]["data-theme"] for r in rows] == [e["theme"] for e in expected]
    significance = {True: "significant", False: "not significant", None: "too few answers"}
    for row, e in zip(rows, expected):
        texts = [c["text"] for c in row["cells"]]
        assert texts[3] == significance[e["is_lift_significant"]]
        assert texts[4].split()[0] == str(e["nps_responses"])


def test_incomplete_quarter_is_not_the_scorecard(sample_warehouse, tmp_path):
    """With the latest quarter flagged incomplete, the scorecard falls back to the quarter before and the
    quarterly chart names the incomplete one, with the as-of date."""
    db = tmp_path / "incomplete.duckdb"
    quarter = _latest_complete_quarter(sample_warehouse, "fct_cx_scores")
    with duckdb.connect(str(db)) as con:
        con.execute(f"attach '{sample_warehouse}' as src (read_only)")
        con.execute("create schema marts")
        for table in ("fct_cx_scores", "fct_cx_scores_vs_target"):
            con.execute(
                f"create table marts.{table} as select * replace (case when period_grain = 'quarter' "
                f"and period_start = ? then false else is_complete_period end as is_complete_period) "
                f"from src.marts.{table}", [quarter])
        con.execute("create table marts.fct_customer_loyalty as select * from src.marts.fct_customer_loyalty")
        (previous,) = con.execute("select max(period_start) from marts.fct_cx_scores_vs_target "
                                  "where period_grain = 'quarter' and is_complete_period").fetchone()
        (as_of,) = con.execute("select max(as_of_date) from marts.fct_customer_loyalty").fetchone()
    assert previous is not None and previous < quarter
    out = tmp_path / "index.html"
    titles = write_dashboard(db, out)
    assert f"Scorecard, latest complete quarter, starting {previous}" in titles
    text = out.read_text(encoding="utf-8")
    assert set(re.findall(r'data-verdict="[a-z_]+" [^>]*data-period-start="([0-9-]+)"', text)) == {str(previous)}
    assert f"Incomplete period: quarter starting {quarter} (data through {as_of})." in text


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

VERDICT_PROBE = """
Array.from(document.querySelectorAll('#scorecard td[data-verdict]')).map(td => ({
  score: td.dataset.score, program: td.dataset.program, touchpoint: td.dataset.touchpoint,
  period_start: td.dataset.periodStart, verdict: td.dataset.verdict, text: td.textContent.trim(),
}))
"""

# Every error bar plotly drew (its calcdata: the low and high end of each bar, in data units) and every filled band
# (each closed shape of a fill trace: the upper edge forward, the lower edge back), with the trace's meta.
INTERVAL_PROBE = """
(() => {
  const bars = [], bands = [], others = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const chart = (gd.layout && gd.layout.title && gd.layout.title.text) || gd.id;
    for (const cd of (gd.calcdata || [])) {
      const trace = cd[0] && cd[0].trace;
      if (!trace) continue;
      const meta = (gd.data[trace.index] || {}).meta || null;
      for (const letter of ['x', 'y']) {
        const error = trace['error_' + letter];
        if (!error || !error.visible) continue;
        const other = letter === 'x' ? 'y' : 'x';
        cd.forEach((pt, i) => {
          const lo = pt[letter + 's'], hi = pt[letter + 'h'];
          if (!Number.isFinite(lo) || !Number.isFinite(hi)) return;
          bars.push({chart, meta, letter, value: pt[letter], lo, hi, at: (trace[other] || [])[i],
                     key: trace.customdata ? trace.customdata[i] : null});
        });
      }
      if (trace.fill && trace.fill !== 'none') {
        if (trace.fill !== 'toself') { others.push({chart, fill: trace.fill, name: trace.name}); continue; }
        const xs = Array.from(trace.x || []), ys = Array.from(trace.y || []);
        let run = [];
        const flush = () => {
          if (!run.length) return;
          const k = run.length / 2;
          bands.push({chart, meta, even: run.length % 2 === 0,
                      x: run.slice(0, k).map(p => p[0]), back: run.slice(k).map(p => p[0]).reverse(),
                      upper: run.slice(0, k).map(p => p[1]), lower: run.slice(k).map(p => p[1]).reverse()});
          run = [];
        };
        xs.forEach((x, i) => (x === null || ys[i] === null) ? flush() : run.push([x, ys[i]]));
        flush();
      }
    }
  }
  return {bars, bands, others};
})()
"""

OVERFLOW_PROBE = """
(() => {
  const table = document.getElementById('scorecard');
  const section = table.closest('section'), wrap = table.parentElement;
  const plots = Array.from(section.querySelectorAll('svg.main-svg')).map(s => s.getBoundingClientRect().right);
  return {viewport: window.innerWidth, page: document.documentElement.scrollWidth,
          section: [section.scrollWidth, section.clientWidth], wrap: [wrap.scrollWidth, wrap.clientWidth],
          table: table.getBoundingClientRect().right, sectionRight: section.getBoundingClientRect().right,
          plotRight: Math.max(0, ...plots)};
})()
"""


@pytest.fixture(scope="module")
def rendered(dashboard, tmp_path_factory) -> dict[str, Any]:
    """The page opened in headless Chromium at 1400 px, probed, then narrowed to 800 px and probed again."""
    require_chromium()
    page, _ = dashboard
    tmp = tmp_path_factory.mktemp("chromium")
    expected_charts = page.read_text(encoding="utf-8").count('class="plotly-graph-div"')
    browser = Browser(tmp / "chromium-profile")
    result: dict[str, Any] = {"page": page, "expected_charts": expected_charts}
    try:
        session = open_page(browser, page.resolve().as_uri())

        charts: list[dict] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            browser.drain(0.5)
            charts = evaluate(browser, session, CHART_PROBE) or []
            if len(charts) == expected_charts and all(c["drawn"] > 0 for c in charts):
                break
        browser.drain(1.0)
        result["charts"] = charts
        result["verdicts"] = evaluate(browser, session, VERDICT_PROBE) or []
        result["intervals"] = evaluate(browser, session, INTERVAL_PROBE)

        shot = Path(os.environ.get("CX_DASHBOARD_SCREENSHOT", tmp / "dashboard.png"))
        result["png"], result["height"] = screenshot(browser, session, 1400, shot)
        result["screenshot"] = shot

        # The same page in an 800-px window: plotly's responsive charts follow the resize.
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 800, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session=session)
        deadline = time.monotonic() + 15
        while True:
            browser.drain(0.5)
            narrow = evaluate(browser, session, OVERFLOW_PROBE)
            if (narrow["viewport"] == 800 and narrow["page"] <= 800 and narrow["plotRight"] <= narrow["sectionRight"]) \
                    or time.monotonic() > deadline:
                break
        result["narrow"] = narrow
        screenshot(browser, session, 800, shot.with_name(shot.stem + "-800" + shot.suffix))
    finally:
        browser.close()
    result["events"] = browser.events
    return result


def test_dashboard_renders_in_headless_chromium(rendered):
    page, expected_charts, charts = rendered["page"], rendered["expected_charts"], rendered["charts"]
    assert expected_charts >= 5
    events = rendered["events"]
    requests, errors, failed = requested_urls(events), console_errors(events), failed_loads(events)

    assert requests and requests[0] == page.resolve().as_uri(), requests[:3]
    assert all(url.startswith(("file:", "data:", "about:", "blob:")) for url in requests), (
        f"the page reached for the network: {[u for u in requests if not u.startswith(('file:', 'data:'))]}"
    )
    assert not failed, f"failed loads: {failed}"
    assert not errors, f"console errors: {errors}"

    assert len(charts) == expected_charts, f"{len(charts)} of {expected_charts} charts initialised"
    for chart in charts:
        assert chart["svgs"] >= 1, chart
        assert chart["traces"] >= 1 and chart["values"] > 0, f"chart without data: {chart}"
        assert chart["drawn"] > 0, f"chart drew nothing: {chart}"

    png, height = rendered["png"], rendered["height"]
    signature, (width, png_height) = png[:8], struct.unpack(">II", png[16:24])
    assert signature == b"\x89PNG\r\n\x1a\n"
    assert width == 1400 and png_height == height > 3000, (width, png_height)
    assert len(png) > 200_000, "a screenshot of seven sections of charts is not this small"
    print(f"screenshot: {rendered['screenshot']} ({width}x{png_height}, {len(png)} bytes); charts: {len(charts)}")


def test_scorecard_verdicts_are_the_marts(rendered, sample_warehouse):
    """Every verdict cell the browser shows is the verdict fct_cx_scores_vs_target gives for the latest complete
    quarter, judged against the score's own interval."""
    quarter = _latest_complete_quarter(sample_warehouse, "fct_cx_scores_vs_target")
    rows = _rows(sample_warehouse, "select * from marts.fct_cx_scores_vs_target "
                 "where period_grain = 'quarter' and period_start = ?", [quarter])
    expected = {(r["program"], r["touchpoint"], score): _expected_verdict(r, score)
                for r in rows for score in SCORE_COLUMNS}
    shown = {(c["program"], c["touchpoint"], c["score"]): c for c in rendered["verdicts"]}
    assert len(shown) == len(rendered["verdicts"]) == len(expected), "one verdict cell per touchpoint and score"
    assert set(shown) == set(expected)
    for key, verdict in expected.items():
        cell = shown[key]
        assert cell["period_start"] == str(quarter), cell
        assert cell["verdict"] == verdict and cell["text"] == VERDICT_TEXT[verdict], (key, verdict, cell)
    # The sample exercises the interval verdicts of CES and CSAT, not only "on target".
    seen = {(score, v) for (_, _, score), v in expected.items()}
    assert {("ces", "beyond_interval"), ("ces", "inside_interval"), ("csat", "inside_interval")} <= seen, seen


def test_no_band_has_zero_width(rendered, sample_warehouse):
    """Every error bar and band plotly drew is wider than zero, drawn from the marts' bounds: a row without an
    interval has none, and every row with one has a band or a bar."""
    probe = rendered["intervals"]
    bars, bands = probe["bars"], probe["bands"]
    assert not probe["others"], f"unexpected fill traces: {probe['others']}"
    assert bars and bands, "the page draws error bars and bands"
    for bar in bars:
        assert bar["hi"] > bar["lo"], f"zero-width error bar: {bar}"
    for band in bands:
        assert band["even"] and band["x"] == band["back"], f"band shape is not upper forward, lower back: {band}"
        assert len(band["x"]) >= 2
        for upper, lower in zip(band["upper"], band["lower"]):
            assert upper > lower, f"zero-width band: {band}"

    # The scorecard: one bar per touchpoint and score with an interval, from min(score, lower) to max(score, upper).
    quarter = _latest_complete_quarter(sample_warehouse, "fct_cx_scores_vs_target")
    rows = _rows(sample_warehouse, "select * from marts.fct_cx_scores_vs_target "
                 "where period_grain = 'quarter' and period_start = ?", [quarter])
    for score, (value, lower, upper) in SCORE_COLUMNS.items():
        drawn = {tuple(b["key"]): (b["lo"], b["hi"]) for b in bars
                 if (b["meta"] or {}).get("chart") == "scorecard" and b["meta"]["score"] == score}
        expected = {(r["program"], r["touchpoint"]): (min(r[value], r[lower]), max(r[value], r[upper]))
                    for r in rows if r[value] is not None and r[lower] is not None and r[upper] is not None
                    and r[upper] > r[lower]}
        assert set(drawn) == set(expected), score
        for key, (lo, hi) in expected.items():
            assert drawn[key] == pytest.approx((lo, hi)), (score, key)

    # Monthly trends and quarterly programmes: the months (quarters) covered by a band or a bar are exactly those
    # whose row has an interval.
    for chart, grain, programs in (("trends", "month", None), ("programs", "quarter", ("relational", "transactional"))):
        for score, (value, lower, upper) in SCORE_COLUMNS.items():
            covered = {(b["meta"]["program"], b["meta"]["touchpoint"], str(b["at"])[:10]) for b in bars
                       if (b["meta"] or {}).get("chart") == chart and b["meta"]["score"] == score}
            for band in bands:
                if (band["meta"] or {}).get("chart") == chart and band["meta"]["score"] == score:
                    covered |= {(band["meta"]["program"], band["meta"]["touchpoint"], str(x)[:10]) for x in band["x"]}
            rows = _rows(sample_warehouse, f"select program, touchpoint, period_start, {value} as v, {lower} as lo, "
                         f"{upper} as hi from marts.fct_cx_scores where period_grain = ? and {value} is not null",
                         [grain])
            expected = {(r["program"], r["touchpoint"], str(r["period_start"])) for r in rows
                        if r["lo"] is not None and r["hi"] is not None and r["hi"] > r["lo"]
                        and (programs is None or r["program"] in programs)}
            assert covered == expected, (chart, score, sorted(covered ^ expected)[:5])


def test_scorecard_fits_an_800px_window(rendered):
    narrow = rendered["narrow"]
    assert narrow["viewport"] == 800, narrow
    assert narrow["page"] <= 800, f"the page overflows an 800-px window: {narrow}"
    assert narrow["section"][0] <= narrow["section"][1], f"the scorecard section overflows: {narrow}"
    assert narrow["wrap"][0] <= narrow["wrap"][1], f"the scorecard table scrolls sideways: {narrow}"
    assert narrow["table"] <= narrow["sectionRight"] and narrow["plotRight"] <= narrow["sectionRight"], narrow
