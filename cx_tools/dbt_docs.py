"""Make `dbt docs generate --static` output (target/static_index.html) a one-file page that names its warehouse.

Reads <target dir>/static_index.html and manifest.json, rewrites static_index.html in place (idempotent: running
it again refreshes the banner) and leaves manifest.json as dbt wrote it. `make docs` runs `dbt docs generate
--static` and then this.

dbt's static page already inlines its scripts, styles, manifest and catalog; opened from disk with the network
closed it still (dbt-core 1.12):
- loads Snowplow's sp.js from a CDN when the manifest says `send_anonymous_usage_stats: true`: the inlined manifest
  is rewritten to false and the script address blanked, so no invocation of dbt can make the page phone home;
- requests a favicon named `${require('./assets/favicons/favicon.ico')}` (an unexpanded template in dbt's bundle)
  and, for each tree entry, an SVG icon `{{ getIcon(...) }}` before AngularJS has interpolated it: both are
  rewritten (an inline favicon; `ng-attr-href`, SVG 2's `href`, set by AngularJS only once interpolated).
It gets a banner naming the warehouse file and the build time (fixed at the bottom of the window, and at the top of
the project overview). Docs blocks are rendered without a context, so `env_var()` cannot do this in `__overview__`.

Each rewrite is a plain text substitution on dbt's bundle: when a dbt upgrade changes the text it stops applying,
which tests/python/test_offline_docs.py notices (it opens the page in Chromium with the network closed).
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from cx_tools.stamps import file_state, utc_text

PROJECT_DIR = Path(__file__).resolve().parents[1]
BANNER_ID = "cx-build-banner"
SNOWPLOW_SCRIPT = "//d1fc8wv8zag5ca.cloudfront.net/2.9.0/sp.js"
EPILOG = """\
exit status: 0 when the page was rewritten (its path is printed); 1 when static_index.html or manifest.json is
missing, the page's inlined manifest is not manifest.json (run `dbt docs generate --static` again) or the page
has no </head><body>; 2 on bad arguments. The warehouse itself is only stat()ed, for its modification time; a
missing one is named `file not found` in the banner.

examples:
  dbt docs generate --static && python -m cx_tools.dbt_docs --duckdb target/cx.duckdb
  python -m cx_tools.dbt_docs --duckdb /data/cx.duckdb --target-dir target/docs_build
  make docs                                                # both steps through make
"""
# (what dbt's bundle writes, what replaces it, why)
PATCHES = (
    ('href="${require(\'./assets/favicons/favicon.ico\')}"', 'href="data:,"', "unexpanded favicon path"),
    ('<use xlink:href="{{ getIcon(', '<use ng-attr-href="{{ getIcon(', "tree icons requested uninterpolated"),
    (f'"{SNOWPLOW_SCRIPT}"', '""', "Snowplow tracker script"),
)


def build_note(duckdb_path: Path, built_at: datetime) -> tuple[str, str]:
    """(warehouse path, `(file modified ...) at <time> UTC`): what every generated page says it was built from."""
    return str(duckdb_path.resolve()), f"({file_state(duckdb_path)}) at {utc_text(built_at)}"


def _overview_line(path: str, when: str) -> str:
    """The overview's first line (markdown): the path in code, so a `_` in it is not emphasis."""
    return f"> **Built from warehouse** `{path}` {when}"


def _banner(path: str, when: str) -> str:
    return (f'<div id="{BANNER_ID}" style="position:fixed;left:0;right:0;bottom:0;z-index:1000;padding:3px 12px;'
            'font:12px/1.4 system-ui,sans-serif;background:#f3f4f6;color:#374151;border-top:1px solid #d1d5db;'
            f'pointer-events:none">Built from warehouse <code>{html.escape(path)}</code> {html.escape(when)}</div>')


def postprocess(target_dir: Path, duckdb_path: Path, built_at: datetime | None = None) -> Path:
    """Rewrite target_dir/static_index.html in place (idempotent); returns its path."""
    page_path = target_dir / "static_index.html"
    manifest_path = target_dir / "manifest.json"
    for path in (page_path, manifest_path):
        if not path.exists():
            raise SystemExit(f"dbt_docs: {path} not found (run `dbt docs generate --static` first)")
    page = page_path.read_text(encoding="utf-8")
    path, when = build_note(duckdb_path, built_at or datetime.now(timezone.utc))

    # The manifest dbt inlined is manifest.json verbatim: swap it for the edited one.
    manifest_text = manifest_path.read_text(encoding="utf-8")
    if manifest_text in page:
        manifest = json.loads(manifest_text)
        manifest.setdefault("metadata", {})["send_anonymous_usage_stats"] = False
        overview = [doc for doc in manifest.get("docs", {}).values() if doc.get("name") == "__overview__"]
        for doc in overview:
            doc["block_contents"] = _overview_line(path, when) + "\n\n" + re.sub(
                r"\A> \*\*Built from warehouse\*\*.*? UTC\n\n", "", doc["block_contents"], flags=re.S)
        page = page.replace(manifest_text, json.dumps(manifest), 1)
    elif BANNER_ID in page and '"send_anonymous_usage_stats": true' not in page:
        # Processed before (manifest.json itself is left as dbt wrote it): refresh the note in the overview.
        page = re.sub(r"> \*\*Built from warehouse\*\*.*? UTC(?=\\n\\n)",
                      lambda _: json.dumps(_overview_line(path, when))[1:-1], page)
    else:
        raise SystemExit(f"dbt_docs: the manifest inlined in {page_path} is not {manifest_path}: "
                         "run `dbt docs generate --static` again")

    for old, new, _why in PATCHES:
        page = page.replace(old, new)
    page = re.sub(rf'<div id="{BANNER_ID}".*?</div>', "", page, count=1)
    page, found = re.subn(r"(</head>\s*<body[^>]*>)", lambda m: m.group(1) + _banner(path, when), page, count=1)
    if not found:
        raise SystemExit(f"dbt_docs: no </head><body> in {page_path}")
    page_path.write_text(page, encoding="utf-8")
    return page_path


def parser() -> argparse.ArgumentParser:
    """The argument parser (its --help describes every option); defaults read from the environment now."""
    target = PROJECT_DIR / os.environ.get("DBT_TARGET_PATH", "target")
    result = argparse.ArgumentParser(prog="python -m cx_tools.dbt_docs", description=__doc__, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    result.add_argument("--duckdb", type=Path, metavar="PATH",
                        default=Path(os.environ.get("CX_DUCKDB_PATH", target / "cx.duckdb")),
                        help="the warehouse dbt documented, named in the banner (default: $CX_DUCKDB_PATH, else "
                             "cx.duckdb in $DBT_TARGET_PATH or target)")
    result.add_argument("--target-dir", type=Path, default=target, metavar="DIR",
                        help="dbt's target folder holding static_index.html and manifest.json (default: "
                             "$DBT_TARGET_PATH, relative to the project, else target)")
    return result


def main(argv: list[str] | None = None) -> int:
    """Rewrite the docs page the command line names; returns the exit status (see EPILOG)."""
    args = parser().parse_args(argv)
    page = postprocess(args.target_dir, args.duckdb)
    print(f"Docs: {page} (one file, opens offline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
