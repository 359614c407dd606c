"""Invariants of the build: idempotent, independent of raw row order, safe with any CX_RAW_DIR, no secrets."""
from __future__ import annotations

import csv
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES_DIR, PROJECT_DIR, build_warehouse, query, run_dbt
from cx_tools import RAW_TABLES


def mart_checksums(db: Path) -> dict[str, tuple[int, str]]:
    """Row count and an order-insensitive digest of every table in schema marts (all columns but the _batch_at
    lineage stamp, which tells when a row was computed)."""
    tables = [t for (t,) in query(db, "select table_name from information_schema.tables "
                                      "where table_schema = 'marts' order by 1")]
    assert tables, "no marts built"
    digests = {}
    for table in tables:
        rows, digest = query(
            db,
            f"select count(*), md5(coalesce(string_agg(row_text, '|' order by row_text), '')) "
            f"from (select cast(t as varchar) as row_text "
            f"from (select columns(lambda c: c != '_batch_at') from marts.{table}) as t)",
        )[0]
        digests[table] = (rows, digest)
    return digests


@pytest.fixture(scope="module")
def dirty_raw(tmp_path_factory) -> Path:
    """A generated raw folder with duplicates, re-submissions and bad values (the cases order could affect)."""
    out = tmp_path_factory.mktemp("invariants") / "raw"
    subprocess.run(
        [sys.executable, "-m", "cx_tools.generate", "--responses", "1500", "--seed", "5",
         "--dirty-share", "0.1", "--out", str(out)],
        cwd=PROJECT_DIR, check=True, capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def dirty_build(dirty_raw, tmp_path_factory) -> Path:
    return build_warehouse(dirty_raw, tmp_path_factory.mktemp("dirty_build"))


def test_building_twice_gives_identical_marts(dirty_raw, dirty_build):
    first = mart_checksums(dirty_build)
    run_dbt(["build", "--exclude", "test_type:unit"], dirty_raw, dirty_build)
    assert mart_checksums(dirty_build) == first


def shuffle_rows(source: Path, target: Path, seed: int) -> None:
    target.mkdir(parents=True)
    rng = random.Random(seed)
    for table in RAW_TABLES:
        with (source / f"{table}.csv").open(newline="", encoding="utf-8") as f:
            header, *rows = list(csv.reader(f))
        rng.shuffle(rows)
        with (target / f"{table}.csv").open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([header, *rows])


def test_shuffled_raw_rows_give_identical_marts(dirty_raw, dirty_build, tmp_path):
    shuffled = tmp_path / "shuffled"
    shuffle_rows(dirty_raw, shuffled, seed=20261123)
    assert (shuffled / "survey_responses.csv").read_bytes() != (dirty_raw / "survey_responses.csv").read_bytes()
    rejected = query(dirty_build, "select count(*) from audit.audit_rejected_rows where reason = 'duplicate'")[0][0]
    assert rejected > 20, "the corpus must contain duplicates for this test to mean anything"
    shuffled_db = build_warehouse(shuffled, tmp_path / "build")
    assert mart_checksums(shuffled_db) == mart_checksums(dirty_build)


def test_hostile_raw_dir_is_read_as_a_path_never_as_sql(tmp_path):
    hostile = tmp_path / "raw dir's {x} \"q\"; drop table marts.fct_cx_scores; --"
    shutil.copytree(FIXTURES_DIR / "dirty_raw", hostile)
    db = build_warehouse(hostile, tmp_path / "build")
    counts = dict(query(db, "select source_table, raw_rows from audit.audit_row_counts"))
    assert counts["survey_responses"] == 29  # the fixture's rows, read from the hostile folder
    assert query(db, "select count(*) from marts.fct_cx_scores")[0][0] > 0


def test_profiles_hold_no_secret():
    text = (PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8")
    for line in text.splitlines():
        key_value = re.match(r"\s*(password|pass|token|secret|key)\s*:\s*(.+)", line)
        if key_value:
            assert key_value.group(2).strip().startswith('"{{ env_var('), line
