"""The dbt warehouse agrees with the independent Python reference, on the sample and on dirty data."""
from __future__ import annotations

import math
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import reference
from conftest import SAMPLE_DIR, build_warehouse, query
from cx_tools.generate import generate

TOL = 1e-6
KEY = ("period_grain", "period_start", "program", "touchpoint")
FLOAT_COLUMNS = {"nps", "nps_moe_95", "ces_avg", "csat_pct"}


@pytest.fixture(scope="module")
def dirty_case(tmp_path_factory) -> tuple[Path, Path]:
    raw = tmp_path_factory.mktemp("dirty_raw")
    generate(3000, 11, raw, dirty_share=0.05)
    return raw, build_warehouse(raw, tmp_path_factory.mktemp("dirty_wh"))


@pytest.fixture(scope="module", params=["sample", "dirty"])
def case(request) -> tuple[Path, Path]:
    """(raw folder, built warehouse): the embedded sample, and 3000 responses at seed 11 with 5 % defects."""
    if request.param == "sample":
        return SAMPLE_DIR, request.getfixturevalue("sample_warehouse")
    return request.getfixturevalue("dirty_case")


def _norm_key(v):
    """source_key as the reference has it: trimmed, empty -> None."""
    if v is None:
        return None
    v = str(v).strip(" \t\r\n")
    return v or None


def test_fct_cx_scores_matches_reference(case):
    raw, db = case
    cols = reference.FCT_COLUMNS
    got_rows = query(db, f"select {', '.join(cols)} from marts.fct_cx_scores")
    got = {}
    for values in got_rows:
        row = dict(zip(cols, values))
        assert type(row["period_start"]) is date, f"period_start must be a date, got {row['period_start']!r}"
        k = tuple(row[c] for c in KEY)
        assert k not in got, f"duplicate fct_cx_scores key {k}"
        got[k] = row
    want = {tuple(r[c] for c in KEY): r for r in reference.fct_cx_scores(raw)}
    assert set(got) == set(want), (
        f"missing: {sorted(set(want) - set(got))[:5]} extra: {sorted(set(got) - set(want))[:5]}")
    problems = []
    for k, w in want.items():
        g = got[k]
        for c in cols[len(KEY):]:
            gv, wv = g[c], w[c]
            if c in FLOAT_COLUMNS:
                ok = (gv is None and wv is None) or (
                    gv is not None and wv is not None and math.isclose(float(gv), wv, rel_tol=0, abs_tol=TOL))
            else:
                ok = gv is not None and int(gv) == wv  # counts are integers, never null
            if not ok:
                problems.append((k, c, gv, wv))
    assert not problems, f"{len(problems)} mismatches, first: {problems[:10]}"


def test_rejected_rows_match_reference(case):
    raw, db = case
    got = Counter({(t, r): n for t, r, n in query(
        db, "select source_table, reason, count(*) from audit.audit_rejected_rows group by all")})
    assert got == reference.rejected_counts(raw)
    # and the very rows: (table, key, reason)
    got_keys = Counter((t, _norm_key(k), r) for t, k, r in query(
        db, "select source_table, source_key, reason from audit.audit_rejected_rows"))
    want_keys = Counter((t, k, r) for t, k, r, _row in reference.run(raw).rejected)
    assert got_keys == want_keys


def test_invalid_values_match_reference(case):
    raw, db = case
    got = Counter({(t, c, r): n for t, c, r, n in query(
        db, "select source_table, column_name, reason, count(*) from audit.audit_invalid_values group by all")})
    assert got == reference.invalid_counts(raw)
    got_keys = Counter((t, _norm_key(k), c, r) for t, k, c, r in query(
        db, "select source_table, source_key, column_name, reason from audit.audit_invalid_values"))
    want_keys = Counter((t, k, c, r) for t, k, c, _v, r in reference.run(raw).invalid)
    assert got_keys == want_keys


def test_row_counts_match_reference(case):
    raw, db = case
    got = {t: {"raw": a, "kept": b, "rejected": c} for t, a, b, c in query(
        db, "select source_table, raw_rows, kept_rows, rejected_rows from audit.audit_row_counts")}
    want = reference.row_counts(raw)
    assert got == want
    for t, c in got.items():
        assert c["raw"] == c["kept"] + c["rejected"], t
