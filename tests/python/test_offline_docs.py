"""Offline documentation: the Great Expectations Data Docs (`make validate`) and the static dbt docs (`make docs`)
open from disk in headless Chromium with every network route closed, render, and name the warehouse they were built
from, and when.

GX's pages reference CDNs for jQuery, Bootstrap, bootstrap-table, Font Awesome, Vega...: cx_tools.validation copies
those files into the site from the npm packages `make install-docs-assets` installs (part of `make install`) and
rewrites the pages (cx_tools/validation/offline_assets.py). dbt's static page inlines its code but still asks for a
few things (cx_tools/dbt_docs.py). Screenshots go to `$CX_DOCS_SCREENSHOT_DIR`, else pytest's tmp folder.

Without Chromium or the npm assets the browser tests skip, except under CI (env CI), where they fail.
"""
from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from browser import (Browser, console_errors, evaluate, failed_loads, open_page, require_chromium, requested_urls,
                     screenshot, wait_for)
from conftest import PROJECT_DIR, SAMPLE_DIR, run_dbt
from cx_tools.validation import offline_assets
from test_validation import manifest_of, run_validation

LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def require_docs_assets() -> None:
    """Skip without the npm packages the Data Docs are vendored from, except in CI, where that is a failure."""
    missing = offline_assets.missing_assets()
    if missing:
        message = (f"Data Docs assets not installed ({len(missing)} missing, e.g. {missing[0]}): "
                   f"run `{offline_assets.INSTALL_TARGET}`")
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI installs them through `make install`")
        pytest.skip(message)


def _screenshot_dir(tmp_path_factory) -> Path:
    folder = os.environ.get("CX_DOCS_SCREENSHOT_DIR")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


def _check_png(png: bytes, width: int) -> None:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24])[0] == width
    assert len(png) > 30_000, "a screenshot of a rendered page is not this small"


def _assert_offline(events: list[dict[str, Any]], first_url: str) -> None:
    requests, failed, errors = requested_urls(events), failed_loads(events), console_errors(events)
    assert requests and requests[0] == first_url, requests[:3]
    away = [url for url in requests if not url.startswith(LOCAL_SCHEMES)]
    assert not away, f"the page reached for the network: {away}"
    assert not failed, f"failed loads: {[(f.get('errorText'), f.get('requestId')) for f in failed]}"
    assert not errors, f"console errors: {json.dumps(errors)[:2000]}"


def _open(tmp_path: Path, url: str, ready: str, timeout: float = 60) -> tuple[Browser, str, Any]:
    browser = Browser(tmp_path / "chromium-profile")
    session = open_page(browser, url)
    value = wait_for(browser, session, ready, timeout=timeout)
    browser.drain(1.5)  # late requests (fonts, images) and errors
    return browser, session, value


# --- Great Expectations Data Docs --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data_docs(sample_warehouse: Path, tmp_path_factory) -> dict[str, Any]:
    require_docs_assets()
    docs = tmp_path_factory.mktemp("gx_data_docs")
    proc = run_validation(sample_warehouse, manifest_of(sample_warehouse), docs)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    suites = [line for line in proc.stdout.splitlines() if re.match(r"^(PASS|WARN|FAIL)  ", line)]
    return {"dir": docs, "suites": len(suites), "stdout": proc.stdout}


def test_data_docs_reference_nothing_on_other_hosts(data_docs):
    """No generated page (nor stylesheet) still loads a script, stylesheet, image or font from a CDN; every local
    reference names a file of the site; the vendored files are the ones GX's integrity hashes name."""
    site = data_docs["dir"]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 2 * data_docs["suites"], "an index, a suite page and a validation page per suite"
    tag = re.compile(r"<(?:script|link|img)\b[^>]*>", re.I)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        loads = [t for t in tag.findall(text) if re.search(r"""\s(?:src|href)\s*=\s*["']?(?:https?:)?//""", t, re.I)]
        assert not loads, f"{page.relative_to(site)} still loads from other hosts: {loads[:3]}"
        assert not [t for t in tag.findall(text) if "cdn" in t.lower()], page
        assert not offline_assets.remote_loads(text), page
        assert not offline_assets.broken_local_loads(text, page), (page, offline_assets.broken_local_loads(text, page))
        assert "integrity=" not in text and 'crossorigin="anonymous"' not in text, page
    for sheet in (site / "static" / "styles").glob("*.css"):
        assert not offline_assets.remote_loads(sheet.read_text(encoding="utf-8"), css=True), sheet
    vendor = site / offline_assets.VENDOR_DIR
    for asset in offline_assets.ASSETS:
        assert (vendor / asset.file).stat().st_size > 100, asset
    assert list((vendor / "@fortawesome/fontawesome-free/webfonts").glob("*.woff2")), "Font Awesome's fonts"


def test_data_docs_index_renders_offline(data_docs, sample_warehouse, tmp_path, tmp_path_factory):
    require_chromium()
    index = data_docs["dir"] / "index.html"
    url = index.resolve().as_uri()
    ready = """(() => {
      const table = document.querySelector('.bootstrap-table table[id$="-body-table"]');
      if (!window.jQuery || !jQuery.fn.bootstrapTable || !table) return 0;
      return table.querySelectorAll('tbody tr[data-index]').length;
    })()"""
    browser, session, rows = _open(tmp_path, url, ready)
    try:
        probe = evaluate(browser, session, """(() => {
          const table = document.querySelector('.bootstrap-table table[id$="-body-table"]');
          return {
            rendered: table.querySelectorAll('tbody tr[data-index]').length,
            total: jQuery(table).bootstrapTable('getData').length,
            first: table.querySelector('tbody tr[data-index] td:nth-child(4)').textContent.trim(),
            navbar: getComputedStyle(document.querySelector('nav.navbar')).display,
            icons: document.fonts.check('900 16px "Font Awesome 6 Free"'),
            iconWidth: document.querySelector('.ge-success-icon').getBoundingClientRect().width,
            logo: document.querySelector('.navbar-brand img').naturalWidth,
            banner: (document.getElementById('cx-build-banner') || {}).textContent || '',
            vega: typeof vegaEmbed === 'function' && typeof vega.View === 'function',
          };
        })()""")
        png, _ = screenshot(browser, session, 1400, _screenshot_dir(tmp_path_factory) / "gx_data_docs_index.png")
    finally:
        browser.close()
    _assert_offline(browser.events, url)
    # bootstrap-table drew the validation results: one row per suite, 10 to a page.
    assert probe["total"] == data_docs["suites"], (probe, data_docs["suites"])
    assert rows == probe["rendered"] == min(10, data_docs["suites"]), probe
    assert re.match(r"^(marts|raw|plausibility)\.", probe["first"]), probe
    assert probe["navbar"] == "flex", "Bootstrap's stylesheet is not applied"
    assert probe["icons"] and probe["iconWidth"] > 5, f"Font Awesome's icons are not drawn: {probe}"
    assert probe["logo"] > 0 and probe["vega"], probe
    assert str(sample_warehouse.resolve()) in probe["banner"] and "UTC" in probe["banner"], probe["banner"]
    _check_png(png, 1400)


def test_data_docs_validation_page_renders_offline(data_docs, sample_warehouse, tmp_path, tmp_path_factory):
    require_chromium()
    [page] = list((data_docs["dir"] / "validations" / "marts" / "fct_cx_scores").rglob("*.html"))
    url = page.resolve().as_uri()
    ready = """(() => window.jQuery && jQuery.fn.bootstrapTable
                  && document.querySelectorAll('.bootstrap-table tbody tr[data-index]').length)()"""
    browser, session, rows = _open(tmp_path, url, ready)
    try:
        probe = evaluate(browser, session, """(() => ({
          tables: document.querySelectorAll('.bootstrap-table').length,
          text: document.body.innerText,
          banner: (document.getElementById('cx-build-banner') || {}).textContent || '',
          icons: document.fonts.check('900 16px "Font Awesome 6 Free"'),
        }))()""")
        png, _ = screenshot(browser, session, 1400, _screenshot_dir(tmp_path_factory) / "gx_validation_page.png")
    finally:
        browser.close()
    _assert_offline(browser.events, url)
    assert rows and rows > 10 and probe["tables"] > 5, (rows, probe["tables"])
    assert "marts.fct_cx_scores" in probe["text"] and "Evaluated Expectations" in probe["text"]
    assert probe["icons"], "Font Awesome's icons are not drawn"
    assert str(sample_warehouse.resolve()) in probe["banner"], probe["banner"]
    _check_png(png, 1400)


def test_validation_names_missing_assets_and_the_make_target(sample_warehouse, tmp_path):
    """Without the npm packages the run stops (exit 2) before validating, naming them and the make target: it never
    writes pages that point at CDNs."""
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False", CX_DATA_DOCS_ASSETS=str(tmp_path / "no_node_modules"))
    proc = subprocess.run(
        [sys.executable, "-m", "cx_tools.validation", "--duckdb", str(sample_warehouse),
         "--manifest", str(manifest_of(sample_warehouse)), "--docs-dir", str(tmp_path / "docs")],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "make install-docs-assets" in proc.stdout and "jquery/dist/jquery.min.js" in proc.stdout, proc.stdout
    assert not (tmp_path / "docs" / "index.html").exists()


def test_an_unknown_cdn_address_is_an_error(tmp_path):
    """A page loading from a host the asset list does not know (a GX upgrade) fails the rewrite, naming it."""
    require_docs_assets()
    (tmp_path / "index.html").write_text(
        '<html><head><script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>'
        '<script src="https://cdn.example.com/new-lib@2/dist/new-lib.min.js"></script></head><body></body></html>')
    with pytest.raises(offline_assets.AssetError, match=r"cdn\.example\.com/new-lib@2"):
        offline_assets.vendor_site(tmp_path)


# --- dbt docs (make docs) ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dbt_docs(sample_warehouse: Path, tmp_path_factory) -> dict[str, Any]:
    """`dbt docs generate --static` on the sample warehouse in a target folder of its own, then cx_tools.dbt_docs,
    as `make docs` runs them."""
    work = tmp_path_factory.mktemp("dbt_docs")
    target = work / "dbt_target"
    run_dbt(["docs", "generate", "--static"], SAMPLE_DIR, sample_warehouse,
            extra_env={"DBT_TARGET_PATH": str(target), "DBT_LOG_PATH": str(work / "dbt_logs")})
    proc = subprocess.run([sys.executable, "-m", "cx_tools.dbt_docs", "--duckdb", str(sample_warehouse),
                           "--target-dir", str(target)], cwd=PROJECT_DIR, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    manifest = json.loads((target / "manifest.json").read_text())
    # The marts of fct_cx_scores's folder (models/marts/<domain>/): the one the tree opens on its page.
    folder = manifest["nodes"]["model.cx_metrics.fct_cx_scores"]["original_file_path"].rsplit("/", 1)[0]
    marts = sorted(node["name"] for node in manifest["nodes"].values()
                   if node["resource_type"] == "model" and node["package_name"] == "cx_metrics"
                   and node["original_file_path"].rsplit("/", 1)[0] == folder)
    return {"page": target / "static_index.html", "marts": marts}


def test_dbt_docs_page_is_one_offline_file(dbt_docs, sample_warehouse):
    text = dbt_docs["page"].read_text(encoding="utf-8")
    assert not re.findall(r"""<(?:script|link)\b[^>]*\s(?:src|href)\s*=\s*["']?(?:https?:)?//""", text, re.I)
    assert "cloudfront.net" not in text, "dbt's Snowplow tracker script"
    assert '"send_anonymous_usage_stats": true' not in text
    assert f"<code>{sample_warehouse.resolve()}</code>" in text


def test_dbt_docs_render_offline_with_the_marts(dbt_docs, sample_warehouse, tmp_path, tmp_path_factory):
    require_chromium()
    assert "fct_cx_scores" in dbt_docs["marts"] and len(dbt_docs["marts"]) >= 2, dbt_docs["marts"]
    url = dbt_docs["page"].resolve().as_uri() + "#!/model/model.cx_metrics.fct_cx_scores"
    ready = """document.querySelector('[data-nav-unique-id="model.cx_metrics.fct_cx_scores"]')
               && Array.from(document.querySelectorAll('h1')).some(h => h.textContent.includes('fct_cx_scores'))"""
    browser, session, _ = _open(tmp_path, url, ready)
    try:
        probe = evaluate(browser, session, """(() => ({
          tree: Array.from(document.querySelectorAll('[data-nav-unique-id^="model.cx_metrics."]'))
                  .filter(a => a.offsetParent !== null).map(a => a.textContent.replace(/\\s+/g, '')),
          active: (document.querySelector('[data-nav-unique-id="model.cx_metrics.fct_cx_scores"]') || {}).className,
          heading: Array.from(document.querySelectorAll('h1')).map(h => h.textContent.trim()).join(' | '),
          icons: Array.from(document.querySelectorAll('.filename use'))
                  .map(u => u.getAttribute('href') || u.getAttribute('xlink:href')),
          banner: (document.getElementById('cx-build-banner') || {}).textContent || '',
        }))()""")
        png, _ = screenshot(browser, session, 1400, _screenshot_dir(tmp_path_factory) / "dbt_docs_fct_cx_scores.png")
        # The project overview names the warehouse too.
        browser.send("Page.navigate", {"url": dbt_docs["page"].resolve().as_uri() + "#!/overview"}, session=session)
        overview = wait_for(browser, session, """(() => { const t = document.body.innerText;
            return t.includes('Built from warehouse') && t.includes('Welcome') ? t : ''; })()""", timeout=30)
        browser.drain(1.0)
    finally:
        browser.close()
    _assert_offline(browser.events, dbt_docs["page"].resolve().as_uri())  # a request's URL has no fragment
    missing = sorted(set(dbt_docs["marts"]) - set(probe["tree"]))
    assert not missing, f"marts models not shown in the sidebar tree: {missing} (shown: {probe['tree']})"
    assert "active" in (probe["active"] or ""), probe["active"]
    assert "fct_cx_scores" in probe["heading"], probe["heading"]
    # The tree's icons are in-page SVG symbols, set once AngularJS has interpolated them (a few entries of the
    # grouped trees have none, as in dbt's own page).
    icons = [h for h in probe["icons"] if h]
    assert len(icons) > 10 and all(h.startswith("#icn") for h in icons), probe["icons"][:10]
    path = str(sample_warehouse.resolve())
    assert path in probe["banner"] and "UTC" in probe["banner"], probe["banner"]
    assert overview and path in overview, (overview or "")[:500]
    _check_png(png, 1400)
