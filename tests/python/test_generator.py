"""The synthetic data generator: deterministic, contract-shaped, clean when asked, dirty when asked."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

import reference
from conftest import PROJECT_DIR, SAMPLE_DIR
from cx_tools.generate import main as generate_main

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
    for flag in ("--responses", "--seed", "--out", "--dirty-share", "--start", "--end"):
        assert flag in proc.stdout


def test_embedded_sample_is_reproducible(tmp_path):
    """data/sample is exactly `python -m cx_tools.generate --responses 2000 --seed 7 --dirty-share 0.02`."""
    fresh = _bytes(_gen(tmp_path, 2000, 7, 0.02))
    assert fresh == _bytes(SAMPLE_DIR)
    assert sum(len(b) for b in fresh.values()) < 2 * 1024 * 1024
