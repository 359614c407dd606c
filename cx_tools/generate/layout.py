"""Output formats and layouts: the CSV files of a run as Parquet, as part files, or both.

The Python engine writes one CSV file per table; ``write_layout`` turns such a folder into the other
``--format`` / ``--layout`` combinations (the DuckDB engine writes every combination directly). Parquet holds
exactly the CSV's text, every column VARCHAR (read with the project's CSV options, as dbt reads the raw files);
``--layout parts`` splits each table on row boundaries into ``<table>/part-NNNNN.<format>``, each CSV part with
the header.
"""
from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

from cx_tools import RAW_COLUMNS

FORMATS = ("csv", "parquet")
LAYOUTS = ("file", "parts")
# The project's CSV options (dbt_project.yml, sources external_location): the conversion reads as dbt does.
_READ_CSV = "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def split_csv(source: Path, folder: Path, parts: int, rows: int) -> list[Path]:
    """Split `source` (a CSV with a header and `rows` data rows) into `parts` CSV files in `folder`, each with
    the header, on row boundaries (quoted newlines stay inside their row), rows in order; bytes of each row kept."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"part-{i:05d}.csv" for i in range(parts)]
    # part i holds data rows [i * rows // parts, (i + 1) * rows // parts)
    bounds = [(i + 1) * rows // parts for i in range(parts)]
    with source.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        n = 0
        for path, bound in zip(paths, bounds):
            with path.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out, lineterminator="\r\n")
                writer.writerow(header)
                while n < bound:
                    writer.writerow(next(reader))
                    n += 1
    return paths


def csv_to_parquet(source: Path, target: Path) -> None:
    """Write `source` (a raw CSV) to `target` as Parquet, every column as text (VARCHAR), rows in file order."""
    import duckdb  # only needed for Parquet output

    with duckdb.connect() as con:
        con.execute("set preserve_insertion_order = true")
        con.execute(f"copy (select * from read_csv({_sql_text(str(source))}, {_READ_CSV})) "
                    f"to {_sql_text(str(target))} (format parquet)")


def _data_rows(source: Path) -> int:
    with source.open(newline="", encoding="utf-8") as fh:
        return max(0, sum(1 for _ in csv.reader(fh)) - 1)


def write_layout(csv_dir: Path, out: Path, counts: dict[str, int] | None, fmt: str, layout: str,
                 parts: int = 4) -> None:
    """Write the six CSV files of `csv_dir` into `out` as `fmt` (csv | parquet) in `layout`: `file` gives
    <out>/<table>.<fmt>, `parts` gives <out>/<table>/part-NNNNN.<fmt> (earlier part files of that format in the
    table's folder are removed first, so a folder never mixes two runs). `counts` (data rows per table, as
    `generate` returns them) saves a pass over each CSV to count its rows for the split."""
    out.mkdir(parents=True, exist_ok=True)
    for table in RAW_COLUMNS:
        source = csv_dir / f"{table}.csv"
        if layout == "file":
            if fmt == "csv":
                if source != out / source.name:
                    shutil.copyfile(source, out / source.name)
            else:
                csv_to_parquet(source, out / f"{table}.parquet")
            continue
        folder = out / table
        if folder.is_dir():
            for stale in folder.glob(f"part-*.{fmt}"):
                stale.unlink()
        if fmt == "csv":
            split_csv(source, folder, parts, counts[table] if counts else _data_rows(source))
        else:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix="cx_parts_") as tmp:
                for part in split_csv(source, Path(tmp), parts, counts[table] if counts else _data_rows(source)):
                    csv_to_parquet(part, folder / part.with_suffix(".parquet").name)

