"""The synthetic data generator: deterministic, contract-shaped, clean when asked, dirty when asked."""
from __future__ import annotations

import csv
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

import reference
from conftest import PROJECT_DIR, SAMPLE_DIR
from cx_tools.generate import SURVEYS, generate_fast
from cx_tools.generate.cli import FAST_ENGINE_THRESHOLD, engine_for, main as generate_main

# The raw contract, written out here (not imported) so the test checks the generator against the issue.
CONTRACT = {
    "surveys": "survey_id,survey_name,program,touchpoint,audience,ces_scale_min,ces_scale_max,csat_scale_max,_loaded_at",
    "survey_invitations": "invitation_id,survey_id,customer_id,channel,sent_at,_loaded_at",
    "survey_responses": "response_id,survey_id,invitation_id,customer_id,employee_id,ticket_id,channel,submitted_at,"
                        "nps_score,ces_score,csat_score,reason_text,improvement_text,follow_up_ok,_loaded_at",
    "tickets": "ticket_id,customer_id,agent_id,channel,priority,status,created_at,first_response_at,solved_at,"
               "handle_time_seconds,reopen_count,_loaded_at",
    "customers": "customer_id,email,full_name,signup_date,plan,country,age_band,gender,income_band,churned_at,_loaded_at",
    "agents": "agent_id,full_name,email,team,hired_at,_loaded_at",
}


def _gen(out: Path, responses: int, seed: int, dirty: float = 0.0, *extra: str) -> Path:
    args = ["--responses", str(responses), "--seed", str(seed), "--out", str(out), "--dirty-share", str(dirty), *extra]
    assert generate_main(args) == 0
    return out


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def clean_dir(tmp_path_factory) -> Path:
    return _gen(tmp_path_factory.mktemp("clean"), 400, 3)


def test_same_seed_same_bytes(tmp_path):
    a = _bytes(_gen(tmp_path / "a", 300, 5, 0.05))
    b = _bytes(_gen(tmp_path / "b", 300, 5, 0.05))
    assert sorted(a) == sorted(f"{t}.csv" for t in CONTRACT)
    assert a == b
    c = _bytes(_gen(tmp_path / "c", 300, 6, 0.05))
    assert a != c, "a different seed should give different data"


def test_headers_match_contract(clean_dir):
    for table, header in CONTRACT.items():
        with open(clean_dir / f"{table}.csv", newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == header.split(","), table


def test_row_counts(clean_dir):
    counts = {t: len(_rows(clean_dir / f"{t}.csv")) for t in CONTRACT}
    assert counts == {"surveys": 12, "survey_invitations": 1000, "survey_responses": 400,
                      "tickets": 240, "customers": 100, "agents": 40}


def test_links_and_shape(clean_dir):
    surveys = {r["survey_id"]: r for r in _rows(clean_dir / "surveys.csv")}
    invitations = {r["invitation_id"]: r for r in _rows(clean_dir / "survey_invitations.csv")}
    tickets = {r["ticket_id"]: r for r in _rows(clean_dir / "tickets.csv")}
    agents = {r["agent_id"] for r in _rows(clean_dir / "agents.csv")}
    responses = _rows(clean_dir / "survey_responses.csv")
    assert len({r["response_id"] for r in responses}) == len(responses)
    seen_employee = seen_support = False
    for r in responses:
        inv = invitations[r["invitation_id"]]
        assert (inv["survey_id"], inv["customer_id"]) == (r["survey_id"], r["customer_id"])
        audience = reference.snake(surveys[r["survey_id"]]["audience"])
        if audience == "employee":
            seen_employee = True
            assert r["customer_id"] == "" and r["employee_id"] in agents
        else:
            assert r["customer_id"] and r["employee_id"] == ""
        if reference.snake(surveys[r["survey_id"]]["touchpoint"]) == "support_interaction":
            seen_support = True
            assert tickets[r["ticket_id"]]["customer_id"] == r["customer_id"]
    assert seen_employee and seen_support
    # normalisation matters: raw spellings differ from their snake-case form
    programs = {s["program"] for s in surveys.values()}
    assert " TRANSACTIONAL " in programs and "Transactional" in programs
    assert any(s["ces_scale_min"] == "" for s in surveys.values())
    assert {s["ces_scale_max"] for s in surveys.values()} >= {"5", "7", "10"}
    assert {s["csat_scale_max"] for s in surveys.values()} >= {"5", "7", ""}
    # timestamp formats: space and T, Z, +02:00, fractions
    stamps = [r["submitted_at"] for r in responses]
    assert any(" " in s for s in stamps) and any("T" in s for s in stamps)
    assert any(s.endswith("Z") for s in stamps) and any(s.endswith("+02:00") for s in stamps)
    assert any("." in s for s in stamps)


def test_clean_data_has_no_rejections_or_invalid_values(clean_dir):
    ref = reference.run(clean_dir)
    assert not ref.rejected_counts()
    assert not ref.invalid_counts()
    for table, c in ref.row_counts().items():
        assert c["raw"] == c["kept"] and c["rejected"] == 0, table
    rows = ref.fct_cx_scores()
    assert rows and "employee_experience" not in {r["program"] for r in rows}


def test_dirty_share_produces_defects(tmp_path):
    ref = reference.run(_gen(tmp_path, 2000, 11, 0.05))
    rejected, invalid = ref.rejected_counts(), ref.invalid_counts()
    for reason in ("missing_id", "invalid_timestamp", "unknown_survey", "duplicate"):
        assert rejected[("survey_responses", reason)] > 0, reason
    for column, reason in [("nps_score", "not_an_integer"), ("csat_score", "out_of_range"),
                           ("customer_id", "unknown_reference"), ("follow_up_ok", "invalid_boolean")]:
        assert invalid[("survey_responses", column, reason)] > 0, (column, reason)
    assert invalid[("tickets", "handle_time_seconds", "out_of_range")] + invalid[
        ("tickets", "handle_time_seconds", "not_an_integer")] > 0
    assert invalid[("customers", "signup_date", "invalid_date")] > 0
    counts = ref.row_counts()
    assert all(c["raw"] == c["kept"] + c["rejected"] for c in counts.values())
    share = counts["survey_responses"]["rejected"] / counts["survey_responses"]["raw"]
    assert 0.005 < share < 0.05


def test_help_text():
    proc = subprocess.run([sys.executable, "-m", "cx_tools.generate", "--help"], cwd=PROJECT_DIR,
                          capture_output=True, text=True)
    assert proc.returncode == 0
    for flag in ("--responses", "--seed", "--out", "--dirty-share", "--start", "--end", "--format", "--layout",
                 "--parts", "--engine"):
        assert flag in proc.stdout


def test_embedded_sample_is_reproducible(tmp_path):
    """data/sample is exactly `python -m cx_tools.generate --responses 2000 --seed 7 --dirty-share 0.02`."""
    fresh = _bytes(_gen(tmp_path, 2000, 7, 0.02))
    assert fresh == _bytes(SAMPLE_DIR)
    assert sum(len(b) for b in fresh.values()) < 2 * 1024 * 1024


# ------------------------------------------------------------------------------------------------------------
# The vectorised engine (--engine fast, DuckDB SQL; the default above FAST_ENGINE_THRESHOLD responses).
FAST_N = 5000
FAST_COUNTS = {"surveys": 12, "survey_invitations": 12500, "survey_responses": 5000, "tickets": 3000,
               "customers": 1250, "agents": 40}
READ_CSV = "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"


def _fast(out: Path, seed: int = 21, dirty: float = 0.0, *extra: str, responses: int = FAST_N) -> Path:
    return _gen(out, responses, seed, dirty, "--engine", "fast", *extra)


@pytest.fixture(scope="module")
def fast_clean(tmp_path_factory) -> Path:
    return _fast(tmp_path_factory.mktemp("fast_clean"))


@pytest.fixture(scope="module")
def fast_dirty(tmp_path_factory) -> Path:
    return _fast(tmp_path_factory.mktemp("fast_dirty"), 22, 0.05)


def test_engine_choice():
    assert engine_for("auto", FAST_ENGINE_THRESHOLD) == "python"  # the sample and fixtures stay on the Python engine
    assert engine_for("auto", FAST_ENGINE_THRESHOLD + 1) == "fast"
    assert engine_for("python", 10_000_000) == "python" and engine_for("fast", 10) == "fast"


def test_fast_engine_is_deterministic(tmp_path):
    a = _bytes(_fast(tmp_path / "a", 5, 0.05))
    b = _bytes(_fast(tmp_path / "b", 5, 0.05))
    assert sorted(a) == sorted(f"{t}.csv" for t in CONTRACT)
    assert a == b
    assert a != _bytes(_fast(tmp_path / "c", 6, 0.05)), "a different seed should give different data"
    # Rows are written in row-number order whatever the number of threads (several row groups of row numbers).
    one = generate_fast(50_000, 5, tmp_path / "one", 0.05, threads=1)
    two = generate_fast(50_000, 5, tmp_path / "two", 0.05, threads=2)
    assert one == two and _bytes(tmp_path / "one") == _bytes(tmp_path / "two")


def test_fast_engine_headers_and_row_counts(fast_clean):
    for table, header in CONTRACT.items():
        with open(fast_clean / f"{table}.csv", newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == header.split(","), table
    assert {t: len(_rows(fast_clean / f"{t}.csv")) for t in CONTRACT} == FAST_COUNTS


def test_fast_engine_links_scales_and_times(fast_clean):
    surveys = {r["survey_id"]: r for r in _rows(fast_clean / "surveys.csv")}
    invitations = {r["invitation_id"]: r for r in _rows(fast_clean / "survey_invitations.csv")}
    tickets = {r["ticket_id"]: r for r in _rows(fast_clean / "tickets.csv")}
    customers = {r["customer_id"] for r in _rows(fast_clean / "customers.csv")}
    agents = {r["agent_id"] for r in _rows(fast_clean / "agents.csv")}
    responses = _rows(fast_clean / "survey_responses.csv")
    assert [s[0] for s in SURVEYS] == list(surveys)
    assert len({r["response_id"] for r in responses}) == len(responses)
    assert len({r["invitation_id"] for r in responses}) == len(responses), "one response per answered invitation"
    kinds = set()
    for r in responses:
        inv = invitations[r["invitation_id"]]
        assert (inv["survey_id"], inv["customer_id"]) == (r["survey_id"], r["customer_id"])
        s = surveys[r["survey_id"]]
        kinds.add(reference.snake(s["touchpoint"]))
        if reference.snake(s["audience"]) == "employee":
            assert r["customer_id"] == "" and r["employee_id"] in agents
        else:
            assert r["customer_id"] in customers and r["employee_id"] == ""
        if reference.snake(s["touchpoint"]) in ("support_interaction", "agent"):
            ticket = tickets[r["ticket_id"]]
            assert ticket["customer_id"] == r["customer_id"]
            assert reference.parse_timestamp(ticket["created_at"]) < reference.parse_timestamp(inv["sent_at"])
        else:
            assert r["ticket_id"] == ""
        sent, submitted = (reference.parse_timestamp(v) for v in (inv["sent_at"], r["submitted_at"]))
        loaded = reference.parse_timestamp(r["_loaded_at"])
        assert sent < submitted < loaded and datetime(2025, 1, 1) <= sent and submitted < datetime(2026, 10, 1)
        # scores within the survey's scales (empty scale columns: CES 1-7, CSAT 5)
        cmin, cmax, smax = int(s["ces_scale_min"] or 1), int(s["ces_scale_max"] or 7), int(s["csat_scale_max"] or 5)
        for col, lo, hi, asked in [("nps_score", 0, 10, "n"), ("ces_score", cmin, cmax, "e"), ("csat_score", 1, smax, "c")]:
            if r[col]:
                assert lo <= int(r[col]) <= hi and asked in next(x[9] for x in SURVEYS if x[0] == r["survey_id"])
    assert {"support_interaction", "agent", "enps", "purchase"} <= kinds
    # every answer kind and timestamp form shows up
    stamps = [r["submitted_at"] for r in responses]
    assert any(s.endswith("Z") for s in stamps) and any(s.endswith("+02:00") for s in stamps)
    assert any(s.endswith("-05:00") for s in stamps) and any("." in s for s in stamps)
    assert {r["nps_score"] for r in responses} >= {str(v) for v in range(11)} | {""}
    # the independent reference implementation finds nothing to reject or flag
    ref = reference.run(fast_clean)
    assert not ref.rejected_counts() and not ref.invalid_counts()
    assert ref.fct_cx_scores()


def test_fast_engine_csv_and_parquet_hold_the_same_text(tmp_path):
    outs = {(fmt, layout): _fast(tmp_path / f"{fmt}-{layout}", 23, 0.05, "--format", fmt, "--layout", layout, "--parts", "3")
            for fmt in ("csv", "parquet") for layout in ("file", "parts")}
    whole = outs["csv", "file"]
    for table in CONTRACT:
        # CSV parts: the header on each part, the data rows of the one file, in order, byte for byte
        parts = sorted((outs["csv", "parts"] / table).glob("*.csv"))
        assert [p.name for p in parts] == ["part-00000.csv", "part-00001.csv", "part-00002.csv"]
        data = (whole / f"{table}.csv").read_bytes()
        header = data.split(b"\r\n", 1)[0] + b"\r\n"
        assert all(p.read_bytes().startswith(header) for p in parts)
        assert header + b"".join(p.read_bytes()[len(header):] for p in parts) == data, table
    with duckdb.connect() as con:
        for table in CONTRACT:
            base = con.execute(f"select * from read_csv('{whole / table}.csv', {READ_CSV})").fetchall()
            for path in (f"{outs['parquet', 'file'] / table}.parquet", f"{outs['parquet', 'parts'] / table}/*.parquet"):
                types = {t for (_, t, *_) in con.execute(f"describe select * from read_parquet('{path}')").fetchall()}
                assert types == {"VARCHAR"}, (table, types)
                assert con.execute(f"select * from read_parquet('{path}')").fetchall() == base, (table, path)
    # Re-running a parts layout with fewer parts leaves no stale part files.
    _fast(outs["parquet", "parts"], 23, 0.05, "--format", "parquet", "--layout", "parts", "--parts", "2")
    assert len(list((outs["parquet", "parts"] / "tickets").glob("*.parquet"))) == 2


def test_fast_engine_dirty_share_produces_the_defect_kinds(fast_dirty):
    ref = reference.run(fast_dirty)
    rejected, invalid = ref.rejected_counts(), ref.invalid_counts()
    for table in ("survey_responses", "survey_invitations", "tickets", "customers"):
        for reason in ("missing_id", "duplicate"):
            assert rejected[(table, reason)] > 0, (table, reason)
    for table in ("survey_responses", "survey_invitations", "tickets"):
        assert rejected[(table, "invalid_timestamp")] > 0, table
    for table in ("survey_responses", "survey_invitations"):
        assert rejected[(table, "unknown_survey")] > 0, table
    for key in [("survey_responses", col, reason) for col in ("nps_score", "ces_score", "csat_score")
                for reason in ("not_an_integer", "out_of_range")] + [
            ("survey_responses", "customer_id", "unknown_reference"),
            ("survey_responses", "invitation_id", "unknown_reference"),
            ("survey_responses", "ticket_id", "unknown_reference"),
            ("survey_responses", "follow_up_ok", "invalid_boolean"),
            ("survey_responses", "_loaded_at", "invalid_timestamp"),
            ("survey_invitations", "customer_id", "unknown_reference"),
            ("tickets", "customer_id", "unknown_reference"), ("tickets", "agent_id", "unknown_reference"),
            ("tickets", "solved_at", "before_created_at"), ("customers", "signup_date", "invalid_date"),
            ("customers", "churned_at", "invalid_timestamp")]:
        assert invalid[key] > 0, key
    assert invalid[("tickets", "handle_time_seconds", "out_of_range")] + invalid[
        ("tickets", "handle_time_seconds", "not_an_integer")] > 0
    counts = ref.row_counts()
    assert all(c["raw"] == c["kept"] + c["rejected"] for c in counts.values())
    for table in ("survey_responses", "survey_invitations", "tickets", "customers"):
        assert counts[table]["raw"] > FAST_COUNTS[table], table  # duplicates add rows
        share = counts[table]["rejected"] / counts[table]["raw"]
        assert 0.005 < share < 0.05, (table, share)
    # the kinds the audit does not name: padded scores and keys, messy text, edited and re-submitted copies
    responses = _rows(fast_dirty / "survey_responses.csv")
    scores = [r[c] for r in responses for c in ("nps_score", "ces_score", "csat_score")]
    assert any(v.endswith(".0") for v in scores) and any(v != v.strip() for v in scores)
    assert any(r["response_id"] != r["response_id"].strip() and r["response_id"].strip() for r in responses)
    assert any("\n" in r["reason_text"] + r["improvement_text"] for r in responses)
    assert any(r["reason_text"] == "Changed my mind, sorry" for r in responses)
    by_id: dict[str, list[dict]] = {}
    for r in responses:
        by_id.setdefault(r["response_id"], []).append(r)
    copies = [rows for key, rows in by_id.items() if key.strip() and len(rows) > 1]
    assert any(a["_loaded_at"] == b["_loaded_at"] and a["submitted_at"] != b["submitted_at"] for a, b, *_ in copies)
    assert any(a == b for a, b, *_ in copies)  # exact duplicates
