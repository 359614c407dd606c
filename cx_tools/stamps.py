"""How every generated page (dashboard, Data Docs, dbt docs) says which warehouse it was built from, and when."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

STAMP_FORMAT = "%Y-%m-%d %H:%M:%S UTC"


def utc_text(moment: datetime | None = None) -> str:
    """`moment` (default: now) as `YYYY-MM-DD HH:MM:SS UTC`."""
    return (moment or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime(STAMP_FORMAT)


def file_state(path: Path) -> str:
    """`file modified <time>`, or `file not found`."""
    try:
        return f"file modified {utc_text(datetime.fromtimestamp(path.stat().st_mtime, timezone.utc))}"
    except OSError:
        return "file not found"
