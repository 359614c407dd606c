"""Great Expectations Data Docs that render offline: the CDN assets GX's templates load, served from the site itself.

GX 1.24's page templates (great_expectations/render/view/templates: js_script_imports.j2, page.j2, index_page.j2,
top_navbar.j2, data_docs_default_styles.css) load jQuery, Popper, Bootstrap, bootstrap-table, bootstrap-datepicker,
bootstrap-dark, Font Awesome and Vega from CDNs, and GX's logo from S3. Opened without a network the index shows no
table and no page is styled. ASSETS below is the one list, CDN address -> file of an npm package: those packages are
pinned in data_docs_assets/package.json + package-lock.json and installed by `make install-docs-assets` into
.venv/data-docs-assets/node_modules (CX_DATA_DOCS_ASSETS moves it). After GX has written the site, `vendor_site`:

- copies each file (plus the folders it refers to, e.g. Font Awesome's webfonts) to <site>/static/vendor/<package>/,
- rewrites every page's CDN address to a relative path (after checking a `integrity` hash GX gives against the
  local file, then dropping `integrity`/`crossorigin`, which a file:// page cannot satisfy),
- points GX's S3 logo at the copy GX itself ships in <site>/static/images,
- and refuses to finish while any page or stylesheet still loads a script, stylesheet, image or font from another
  host: an address not in ASSETS is an error naming it (a GX upgrade added one: vendor it here).

A file missing from node_modules is an error naming it and `make install-docs-assets`, never a page left pointing at
a CDN. Links (<a href>) to greatexpectations.io are navigation, not loads: they stay.
"""
from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

PROJECT_DIR = Path(__file__).resolve().parents[2]
INSTALL_TARGET = "make install-docs-assets"
VENDOR_DIR = "static/vendor"
BANNER_ID = "cx-build-banner"


def node_modules() -> Path:
    return Path(os.environ.get("CX_DATA_DOCS_ASSETS", PROJECT_DIR / ".venv" / "data-docs-assets" / "node_modules"))


@dataclass(frozen=True)
class Asset:
    url: str                     # exactly as GX's templates write it
    file: str                    # under node_modules: <npm package (or alias)>/<path>
    needs: tuple[str, ...] = ()  # further files or folders under node_modules the file refers to (relative url())


# Versions are GX's: the ones in its URLs (jsDelivr's `vega@5`, `vega-lite@5`, `vega-embed@6` are the newest of that
# major: pinned in package.json). Two packages are npm aliases, because GX loads two versions of them:
# popper.js 1.12.9 (bootstrap 4.3.1 wants >= 1.14.7 as a peer) and bootstrap-table 1.19.0 (its filter-control css).
ASSETS: tuple[Asset, ...] = (
    Asset("https://code.jquery.com/jquery-3.7.1.min.js", "jquery/dist/jquery.min.js"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js",
          "popper.js-1.12.9/dist/umd/popper.min.js"),
    Asset("https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js", "bootstrap/dist/js/bootstrap.min.js"),
    Asset("https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css", "bootstrap/dist/css/bootstrap.min.css"),
    Asset("https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js",
          "bootstrap-table/dist/bootstrap-table.min.js"),
    Asset("https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css",
          "bootstrap-table/dist/bootstrap-table.min.css"),
    Asset("https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
          "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js"),
    Asset("https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css",
          "bootstrap-table-1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css"),
    Asset("https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
          "bootstrap-table-1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js",
          "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css",
          "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css"),
    Asset("https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css",
          "@forevolve/bootstrap-dark/dist/css/bootstrap-prefers-dark.css"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css",
          "@fortawesome/fontawesome-free/css/all.min.css", needs=("@fortawesome/fontawesome-free/webfonts",)),
    Asset("https://cdn.jsdelivr.net/npm/vega@5", "vega/build/vega.min.js"),
    Asset("https://cdn.jsdelivr.net/npm/vega-lite@5", "vega-lite/build/vega-lite.min.js"),
    Asset("https://cdn.jsdelivr.net/npm/vega-embed@6", "vega-embed/build/vega-embed.min.js"),
)
# GX's logo, loaded from S3 (the navbar adds `?d=<data context id>`); GX ships logo-long.png in the site's
# static/images. The dark-mode stylesheet's full_logo_dark.png has no local copy: the same logo stands in.
GX_IMAGES = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
LOCAL_IMAGES = {"logo-long.png": "static/images/logo-long.png", "full_logo_dark.png": "static/images/logo-long.png"}

_BY_URL = {asset.url: asset for asset in ASSETS}
_TAG = re.compile(r"<(script|link|img)\b[^>]*>", re.I)
_ATTR = re.compile(r"""\s(src|href|integrity|crossorigin)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", re.I)


class AssetError(RuntimeError):
    pass


def missing_assets(root: Path | None = None) -> list[str]:
    """The files of ASSETS (and what they need) absent from node_modules, as `<file> (for <url>)`."""
    root = root or node_modules()
    return [f"{name} (for {asset.url})" for asset in ASSETS for name in (asset.file, *asset.needs)
            if not (root / name).exists()]


def require_assets(root: Path | None = None) -> None:
    missing = missing_assets(root)
    if missing:
        raise AssetError(f"Data Docs assets not installed in {root or node_modules()}: {', '.join(missing)}. "
                         f"Install them with `{INSTALL_TARGET}` (npm ci of "
                         f"cx_tools/validation/data_docs_assets/package-lock.json).")


def _sri_ok(path: Path, integrity: str) -> bool:
    """True when one of the `sha256/384/512-<base64>` hashes GX gives matches the local file."""
    data = path.read_bytes()
    for token in integrity.split():
        algo, _, digest = token.partition("-")
        if algo in ("sha256", "sha384", "sha512"):
            if base64.b64encode(hashlib.new(algo, data).digest()).decode() == digest:
                return True
    return False


def _relative(target: Path, page: Path) -> str:
    return Path(os.path.relpath(target, page.parent)).as_posix()


def _local_image(url: str, site: Path) -> Path | None:
    if url.startswith(GX_IMAGES):
        name = url[len(GX_IMAGES):].split("?", 1)[0]
        if name in LOCAL_IMAGES and (site / LOCAL_IMAGES[name]).exists():
            return site / LOCAL_IMAGES[name]
    return None


def _rewrite_css(css: str, base: Path, site: Path) -> str:
    """url(<GX's S3 image>) -> the local copy, relative to `base` (the page, or the stylesheet)."""
    def swap(match: re.Match) -> str:
        local = _local_image(match.group(2), site)
        return f"url('{_relative(local, base)}')" if local else match.group(0)
    return _CSS_URL.sub(swap, css)


def _reanchor(tag: str, ref: re.Match, url: str, page: Path, site: Path) -> str:
    """A relative `.../static/...` reference that misses (GX's favicon link on validation pages climbs one folder
    too few) is pointed at the site's static folder."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path or ":" in path or (page.parent / path).exists() or "static/" not in path:
        return tag
    local = site / path[path.index("static/"):]
    return tag.replace(ref.group(0), f' {ref.group(1)}="{_relative(local, page)}"') if local.exists() else tag


def broken_local_loads(text: str, page: Path) -> list[str]:
    """Relative script, stylesheet and image references of a page that name no file."""
    found = []
    for tag in _TAG.finditer(text):
        ref = next((m for m in _ATTR.finditer(tag.group(0)) if m.group(1).lower() in ("src", "href")), None)
        if ref is None:
            continue
        path = html.unescape(ref.group(2).strip("'\"")).split("#", 1)[0].split("?", 1)[0]
        if path and ":" not in path and not path.startswith("/") and not (page.parent / path).exists():
            found.append(path)
    return found


def _rewrite_page(text: str, page: Path, site: Path, root: Path) -> str:
    def swap(match: re.Match) -> str:
        tag = match.group(0)
        attrs = {m.group(1).lower(): m for m in _ATTR.finditer(tag)}
        ref = attrs.get("src") or attrs.get("href")
        if ref is None:
            return tag
        url = html.unescape(ref.group(2).strip("'\""))
        if not _REMOTE.match(url):
            return _reanchor(tag, ref, url, page, site)
        asset = _BY_URL.get(url)
        if asset is not None:
            source = root / asset.file
            if not source.exists():
                raise AssetError(f"{page}: {url} needs {source}: run `{INSTALL_TARGET}`")
            if "integrity" in attrs and not _sri_ok(source, attrs["integrity"].group(2).strip("'\"")):
                raise AssetError(f"{page}: {source} does not match the integrity hash GX gives for {url}: the "
                                 "package version in cx_tools/validation/data_docs_assets/package.json is wrong")
            local = site / VENDOR_DIR / asset.file
        else:
            local = _local_image(url, site)
            if local is None:
                return tag  # left for the final check, which names it
        for name in ("integrity", "crossorigin"):
            if name in attrs:
                tag = tag.replace(attrs[name].group(0), "")
        return tag.replace(ref.group(0), f' {ref.group(1)}="{_relative(local, page)}"')

    text = _TAG.sub(swap, text)
    return re.sub(r"(<style\b[^>]*>)(.*?)(</style>)",
                  lambda m: m.group(1) + _rewrite_css(m.group(2), page, site) + m.group(3), text, flags=re.S | re.I)


def remote_loads(text: str, css: bool = False) -> list[str]:
    """Addresses on other hosts that a page (or, css=True, a stylesheet) would load: scripts, stylesheets, images,
    fonts (url()). Links (<a href>) are not loads."""
    found = [] if css else [
        html.unescape(ref.group(2).strip("'\""))
        for tag in _TAG.finditer(text)
        for ref in [next((m for m in _ATTR.finditer(tag.group(0)) if m.group(1).lower() in ("src", "href")), None)]
        if ref is not None and _REMOTE.match(ref.group(2).strip("'\""))
    ]
    found += [m.group(2) for m in _CSS_URL.finditer(text) if _REMOTE.match(m.group(2))]
    found += [m.group(1) for m in re.finditer(r"""@import\s+(?:url\()?['"]?((?:[a-z]+:)?//[^'")\s;]+)""", text, re.I)]
    return found


def banner_html(duckdb_path: Path, built_at: str) -> str:
    return (f'<div id="{BANNER_ID}" class="alert alert-secondary mb-0 rounded-0 py-1 px-5 small">'
            f'Validated warehouse <code>{html.escape(str(duckdb_path))}</code> at {html.escape(built_at)}</div>')


def vendor_site(site: Path, banner: str | None = None, since: float | None = None, root: Path | None = None,
                out: TextIO = sys.stdout) -> int:
    """Make the Data Docs site under `site` load nothing from other hosts; `banner` (HTML) goes at the top of every
    page GX wrote at or after `since` (a time.time(); pages of earlier runs keep theirs). Returns the number of
    pages. Raises AssetError; a relative reference to a missing file only warns (on `out`)."""
    root = root or node_modules()
    require_assets(root)
    vendor = site / VENDOR_DIR
    for asset in ASSETS:
        for name in (asset.file, *asset.needs):
            source, target = root / name, vendor / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)
    pages = sorted(site.rglob("*.html"))
    leftovers, broken = [], []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        new = _rewrite_page(text, page, site, root)
        if banner and (since is None or page.stat().st_mtime >= since - 1):
            new = re.sub(rf'<div id="{BANNER_ID}".*?</div>', "", new, count=1, flags=re.S)
            new = re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + banner, new, count=1, flags=re.I)
        if new != text:
            page.write_text(new, encoding="utf-8")
        leftovers += [f"{page.relative_to(site)}: {url}" for url in remote_loads(new)]
        broken += [f"{page.relative_to(site)}: {path}" for path in broken_local_loads(new, page)]
    for sheet in sorted((site / "static" / "styles").glob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        new = _rewrite_css(text, sheet, site)
        if new != text:
            sheet.write_text(new, encoding="utf-8")
        leftovers += [f"{sheet.relative_to(site)}: {url}" for url in remote_loads(new, css=True)]
    if leftovers:
        raise AssetError("Data Docs still load from other hosts (add them to ASSETS in "
                         "cx_tools/validation/offline_assets.py and to data_docs_assets/package.json):\n  "
                         + "\n  ".join(sorted(set(leftovers))))
    if broken:
        print(f"validate: Data Docs: {len(broken)} reference(s) to missing local files, e.g. {broken[0]}", file=out)
    return len(pages)
