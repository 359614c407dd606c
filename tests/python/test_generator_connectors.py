"""`python -m cx_tools.generate --shape qualtrics|zendesk`: the contract converted into Fivetran connector tables.

Pure tests (no dbt) check the conversion against the contract it was converted from: row counts per table, byte-
identical files for the same arguments, every response's answers, keys and times read back from the Qualtrics
tables, every ticket's solved_at, reopen_count and first response read back from the Zendesk history and comments
by the staging models' rules, and the survey_map rows.

Equality tests build the project four times (once per module fixture) and compare marts:

1. the clean contract (default sources) and its Qualtrics shape (CX_SURVEY_SOURCES=qualtrics, helpdesk cx):
   marts.fct_cx_scores is identical, every row and column but _batch_at (the build's own timestamp);
2. a six-file contract holding the Zendesk shape's satisfaction ratings as answers to one survey (satisfaction:
   Transactional / Support, CSAT max 2; good = 2, bad = 1; a ticket's latest rating only, as Zendesk keeps it) plus
   the contract's helpdesk files, and the Zendesk shape (CX_SURVEY_SOURCES=zendesk, CX_HELPDESK_SOURCE=zendesk):
   fct_cx_scores identical, and fct_tickets' first_response_minutes, resolution_minutes and reopen_count equal the
   contract's for every ticket (an unsolved ticket with reopens, which Zendesk cannot express, gets the last solve).
"""
from __future__ import annotations

import csv
import shutil
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_DIR, query, run_dbt
from cx_tools import RAW_COLUMNS
from cx_tools.generate import SURVEYS
from cx_tools.generate.cli import main as generate_main
from cx_tools.generate.connectors import (MAP_COLUMNS, QUALTRICS_TABLES, ZENDESK_TABLES, survey_map_rows)

RESPONSES, SEED = 600, 11
HELPDESK = ("tickets", "customers", "agents")
QUESTION_FIELDS = {"QID1": "nps_score", "QID2": "ces_score", "QID3": "csat_score", "QID4": "reason_text",
                   "QID5": "improvement_text", "QID6": "follow_up_ok"}
TEXT_QUESTIONS = {"QID4", "QID5"}
EMBEDDED_KEYS = ("customer_id", "ticket_id", "employee_id")
# Only what these comparisons read: the two marts and everything upstream, with the data tests whose models are all
# built (cautious: a relationships test to an unbuilt dim_* is left out); unit tests do not read the raw folder.
BUILD = ["build", "--fail-fast", "--select", "+fct_cx_scores +fct_tickets", "--indirect-selection", "cautious",
         "--exclude", "test_type:unit"]


def _gen(out: Path, shape: str, responses: int = RESPONSES, seed: int = SEED, dirty: float = 0.0, *extra: str) -> Path:
    args = ["--responses", str(responses), "--seed", str(seed), "--out", str(out), "--dirty-share", str(dirty),
            "--shape", shape, *extra]
    assert generate_main(args) == 0
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([row.get(c, "") for c in columns] for row in rows)


def _utc(text: str) -> datetime | None:
    """A contract or connector timestamp as naive UTC (the generated data holds only valid ones)."""
    if not text:
        return None
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def contract_dir(tmp_path_factory) -> Path:
    return _gen(tmp_path_factory.mktemp("contract"), "contract")


@pytest.fixture(scope="module")
def qualtrics_dir(tmp_path_factory) -> Path:
    return _gen(tmp_path_factory.mktemp("qualtrics"), "qualtrics")


@pytest.fixture(scope="module")
def zendesk_dir(tmp_path_factory) -> Path:
    return _gen(tmp_path_factory.mktemp("zendesk"), "zendesk")


# ------------------------------------------------------------------------------------------------ pure tests
def test_files_and_columns(qualtrics_dir, zendesk_dir):
    assert sorted(p.name for p in qualtrics_dir.iterdir()) == sorted(
        [f"{t}.csv" for t in QUALTRICS_TABLES] + [f"{t}.csv" for t in HELPDESK])
    assert sorted(p.name for p in zendesk_dir.iterdir()) == sorted(f"{t}.csv" for t in ZENDESK_TABLES)
    # every column the sources YAML declares is there (the models stop the build on a missing one)
    import yaml

    for folder, system in ((qualtrics_dir, "qualtrics"), (zendesk_dir, "zendesk")):
        spec = yaml.safe_load((PROJECT_DIR / "models" / "staging" / system / f"_{system}__sources.yml").read_text())
        for table in spec["sources"][0]["tables"]:
            with (folder / f"{table['name']}.csv").open(newline="", encoding="utf-8") as handle:
                header = next(csv.reader(handle))
            assert {c["name"] for c in table["columns"]} <= set(header), table["name"]


def test_qualtrics_row_counts_follow_the_contract(contract_dir, qualtrics_dir):
    surveys = _rows(contract_dir / "surveys.csv")
    responses = _rows(contract_dir / "survey_responses.csv")
    invitations = _rows(contract_dir / "survey_invitations.csv")
    options = 0
    for s in surveys:
        if s["ces_scale_min"] and s["ces_scale_max"]:
            options += int(s["ces_scale_max"]) - int(s["ces_scale_min"]) + 1
        if s["csat_scale_max"]:
            options += int(s["csat_scale_max"])
    expected = {
        "survey": len(surveys), "question": 6 * len(surveys), "question_option": options,
        "survey_response": len(responses),
        "question_response": sum(1 for r in responses for f in QUESTION_FIELDS.values() if r[f]),
        "survey_embedded_data": sum(1 for r in responses for k in EMBEDDED_KEYS if r[k]),
        "distribution": len({i["survey_id"] for i in invitations}), "distribution_contact": len(invitations),
    }
    assert {t: len(_rows(qualtrics_dir / f"{t}.csv")) for t in QUALTRICS_TABLES} == expected
    for table in HELPDESK:  # the helpdesk side is the contract's, byte for byte
        assert (qualtrics_dir / f"{table}.csv").read_bytes() == (contract_dir / f"{table}.csv").read_bytes()


def test_qualtrics_tables_hold_every_contract_answer(contract_dir, qualtrics_dir):
    responses = {r["id"]: r for r in _rows(qualtrics_dir / "survey_response.csv")}
    answers: dict[str, dict[str, str]] = defaultdict(dict)
    for a in _rows(qualtrics_dir / "question_response.csv"):
        assert not a["sub_question_key"] and not a["loop_id"]
        assert (a["value"] == "") == (a["question_id"] in TEXT_QUESTIONS)
        answers[a["response_id"]][a["question_id"]] = a["text"] if a["question_id"] in TEXT_QUESTIONS else a["value"]
    embedded: dict[str, dict[str, str]] = defaultdict(dict)
    for e in _rows(qualtrics_dir / "survey_embedded_data.csv"):
        embedded[e["response_id"]][e["key"]] = e["value"]
    contacts = {c["response_id"]: f"{c['distribution_id']}:{c['contact_id']}"
                for c in _rows(qualtrics_dir / "distribution_contact.csv") if c["response_id"]}
    distributions = {d["id"]: d["survey_link_survey_id"] for d in _rows(qualtrics_dir / "distribution.csv")}
    contract = _rows(contract_dir / "survey_responses.csv")
    assert len(responses) == len(contract)
    for c in contract:
        r = responses[c["response_id"]]
        assert (r["survey_id"], r["status"], r["finished"], r["distribution_channel"]) == (
            f"SV_gen{c['survey_id']}", "0", "1", c["channel"])
        assert _utc(r["recorded_date"]) == _utc(c["submitted_at"]) and "T" not in r["recorded_date"]
        assert _utc(r["_fivetran_synced"]) == _utc(c["_loaded_at"])
        assert answers[c["response_id"]] == {q: c[f] for q, f in QUESTION_FIELDS.items() if c[f]}
        assert embedded[c["response_id"]] == {k: c[k] for k in EMBEDDED_KEYS if c[k]}
        assert contacts[c["response_id"]] == f"EMD_gen{c['survey_id']}:{c['invitation_id']}"
        assert distributions[f"EMD_gen{c['survey_id']}"] == r["survey_id"]
    invitations = {i["invitation_id"]: i for i in _rows(contract_dir / "survey_invitations.csv")}
    for c in _rows(qualtrics_dir / "distribution_contact.csv"):
        assert _utc(c["sent_at"]) == _utc(invitations[c["contact_id"]]["sent_at"])
    questions = Counter((q["survey_id"], q["id"], q["selector"]) for q in _rows(qualtrics_dir / "question.csv"))
    assert all(questions[(f"SV_gen{s[0]}", "QID1", "NPS")] == 1 for s in SURVEYS)


def test_survey_map_holds_one_row_per_generated_survey(tmp_path, contract_dir):
    seeded = [r for r in _rows(PROJECT_DIR / "seeds" / "survey_map.csv") if r["survey_id"].startswith("SV_gen")]
    assert seeded == survey_map_rows() and len(seeded) == len(SURVEYS)
    # The surveys are the generator's fixed list: another seed (and the fast engine) writes the same ones.
    other = _gen(tmp_path / "other", "contract", 50, 99)
    fast = _gen(tmp_path / "fast", "contract", 50, 5, 0.0, "--engine", "fast")
    attributes = ["program", "touchpoint", "audience", "ces_scale_min", "ces_scale_max", "csat_scale_max"]
    mapped = [(m["survey_id"], *(m[c] for c in attributes)) for m in seeded]
    assert {c for m in seeded for c in m} == set(MAP_COLUMNS)
    for folder in (contract_dir, other, fast):
        surveys = _rows(folder / "surveys.csv")
        assert [(f"SV_gen{s['survey_id']}", *(s[c] for c in attributes)) for s in surveys] == mapped, folder


def _expected_ratings(contract_dir: Path) -> list[dict]:
    """The contract's CSAT answers to transactional surveys about a ticket, as Zendesk ratings, in rating order."""
    surveys = {s["survey_id"]: s for s in _rows(contract_dir / "surveys.csv")}
    ratings = []
    for r in _rows(contract_dir / "survey_responses.csv"):
        survey = surveys[r["survey_id"]]
        if r["ticket_id"] and r["csat_score"] and survey["program"].strip().lower() == "transactional":
            top = int(survey["csat_scale_max"] or 5)
            ratings.append({**r, "rated": _utc(r["submitted_at"]), "good": int(r["csat_score"]) >= top - 1})
    return sorted(ratings, key=lambda r: (r["ticket_id"], r["rated"], r["response_id"]))


def _latest_ratings(contract_dir: Path) -> dict[str, dict]:
    """Per ticket, its latest rating (later submitted_at, then later response_id): the one Zendesk keeps."""
    return {r["ticket_id"]: r for r in _expected_ratings(contract_dir)}


def test_zendesk_row_counts_follow_the_contract(contract_dir, zendesk_dir):
    tickets = _rows(contract_dir / "tickets.csv")
    agents = _rows(contract_dir / "agents.csv")
    ratings = _expected_ratings(contract_dir)
    status_rows = 0
    for t in tickets:
        status_rows += 2 + 2 * int(t["reopen_count"]) + bool(t["solved_at"])
        status = t["status"].strip().lower()
        status_rows += (status == "closed" and bool(t["solved_at"])) + (status == "pending" and not t["solved_at"])
    expected = {
        "ticket": len(tickets), "user": len(_rows(contract_dir / "customers.csv")) + len(agents),
        "group": len({a["team"] for a in agents}),
        "ticket_field_history": status_rows + 2 * len(ratings) + sum(1 for r in ratings if r["reason_text"]),
        "ticket_comment": len(tickets) + sum(1 for t in tickets if t["first_response_at"]),
    }
    assert {t: len(_rows(zendesk_dir / f"{t}.csv")) for t in ZENDESK_TABLES} == expected


def test_zendesk_history_and_comments_give_the_contract_tickets(contract_dir, zendesk_dir):
    """solved_at = the latest change to solved, reopen_count = changes from solved to another status but closed,
    first response = the earliest public agent comment at or after creation (stg_zendesk__tickets)."""
    users = {u["id"]: u["role"] for u in _rows(zendesk_dir / "user.csv")}
    history: dict[str, list[tuple]] = defaultdict(list)
    ratings: dict[str, list[tuple]] = defaultdict(list)
    for n, h in enumerate(_rows(zendesk_dir / "ticket_field_history.csv")):
        if h["field_name"] == "status":
            history[h["ticket_id"]].append((_utc(h["updated"]), n, h["value"]))
        elif h["field_name"] == "satisfaction_score":
            ratings[h["ticket_id"]].append((_utc(h["updated"]), n, h["value"]))
    comments: dict[str, list[datetime]] = defaultdict(list)
    for c in _rows(zendesk_dir / "ticket_comment.csv"):
        if c["public"] == "true" and users[c["user_id"]] == "agent":
            comments[c["ticket_id"]].append(_utc(c["created"]))
    unexpressible = 0
    for t in _rows(contract_dir / "tickets.csv"):
        changes = [v for _, _, v in sorted(history[t["ticket_id"]])]
        solved = max((at for at, _, v in history[t["ticket_id"]] if v == "solved"), default=None)
        reopens = sum(1 for a, b in zip(changes, changes[1:]) if a == "solved" and b not in ("solved", "closed"))
        created = _utc(t["created_at"])
        first = min((at for at in comments[t["ticket_id"]] if at >= created), default=None)
        assert (reopens, first) == (int(t["reopen_count"]), _utc(t["first_response_at"])), t
        if t["solved_at"] or not reopens:
            assert solved == _utc(t["solved_at"]), t
        else:  # reopened but never solved: Zendesk's solved_at is the last solve before the reopening
            unexpressible += 1
            assert solved is not None and solved < max(at for at, _, _ in history[t["ticket_id"]])
    assert unexpressible < len(history) * 0.1
    # ratings: one offer before each answer; the latest answer per ticket is the contract's latest answer
    latest = _latest_ratings(contract_dir)
    assert set(ratings) == set(latest)
    for ticket, rows in ratings.items():
        rows.sort()
        answers = [(at, v) for at, _, v in rows if v != "offered"]
        assert answers[-1] == (latest[ticket]["rated"], "good" if latest[ticket]["good"] else "bad")
        assert sum(v == "offered" for _, _, v in rows) == len(answers)


def test_same_arguments_same_bytes(tmp_path):
    for shape in ("qualtrics", "zendesk"):
        a = _bytes(_gen(tmp_path / shape / "a", shape, 300, 5, 0.05))
        b = _bytes(_gen(tmp_path / shape / "b", shape, 300, 5, 0.05))
        assert a == b, shape
        assert a != _bytes(_gen(tmp_path / shape / "c", shape, 300, 6, 0.05)), shape
    # --shape contract is the default, byte for byte
    assert generate_main(["--responses", "300", "--seed", "5", "--out", str(tmp_path / "default"),
                          "--dirty-share", "0.05"]) == 0
    assert _bytes(_gen(tmp_path / "contract", "contract", 300, 5, 0.05)) == _bytes(tmp_path / "default")


def test_parquet_and_parts_hold_the_same_text(tmp_path, qualtrics_dir):
    parquet = _gen(tmp_path / "parquet", "qualtrics", RESPONSES, SEED, 0.0, "--format", "parquet")
    parts = _gen(tmp_path / "parts", "qualtrics", RESPONSES, SEED, 0.0, "--layout", "parts", "--parts", "3")
    read = "header = true, all_varchar = true"
    with duckdb.connect() as con:
        for table in QUALTRICS_TABLES + HELPDESK:
            from_csv = con.execute(f"select * from read_csv('{qualtrics_dir / table}.csv', {read})").fetchall()
            from_parquet = con.execute(f"select * from '{parquet / table}.parquet'").fetchall()
            from_parts = con.execute(f"select * from read_csv('{parts / table}/part-*.csv', {read})").fetchall()
            assert from_parquet == from_csv and sorted(from_parts, key=repr) == sorted(from_csv, key=repr), table
            assert len(list((parts / table).glob("part-*.csv"))) == 3


# ------------------------------------------------------------------------------------------------ dbt builds
def _build(raw: Path, workdir: Path, env: dict[str, str] | None = None) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "cx.duckdb"
    run_dbt(BUILD, raw, db, extra_env=env)
    return db


def _scores(db: Path) -> tuple[list[str], list[tuple]]:
    """fct_cx_scores, every column but _batch_at (when the build ran), rows sorted."""
    columns = [c for (c,) in query(db, "select column_name from information_schema.columns where table_schema = "
                                       "'marts' and table_name = 'fct_cx_scores' order by ordinal_position")
               if c != "_batch_at"]
    rows = query(db, f"select {', '.join(columns)} from marts.fct_cx_scores")
    return columns, sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r[:4]))


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9)


def _minutes(start: str, end: str) -> float:
    """minutes_between: whole seconds crossed (DuckDB's date_diff('second')) / 60."""
    return (_utc(end).replace(microsecond=0) - _utc(start).replace(microsecond=0)) / timedelta(minutes=1)


def _assert_same_rows(expected: list[tuple], actual: list[tuple], columns: list[str]) -> None:
    assert len(actual) == len(expected)
    for want, got in zip(expected, actual):
        for column, a, b in zip(columns, want, got):
            if isinstance(a, float) and isinstance(b, float):
                assert abs(a - b) <= 1e-9, (column, want, got)
            else:
                assert a == b, (column, want, got)


@pytest.fixture(scope="module")
def contract_db(tmp_path_factory, contract_dir) -> Path:
    return _build(contract_dir, tmp_path_factory.mktemp("contract_db"))


@pytest.fixture(scope="module")
def qualtrics_db(tmp_path_factory, qualtrics_dir) -> Path:
    return _build(qualtrics_dir, tmp_path_factory.mktemp("qualtrics_db"),
                  {"CX_SURVEY_SOURCES": "qualtrics", "CX_HELPDESK_SOURCE": "cx"})


def test_qualtrics_shape_gives_the_contract_scores(contract_db, qualtrics_db):
    columns, expected = _scores(contract_db)
    assert expected and "quarter" in {r[0] for r in expected}
    qualtrics_columns, actual = _scores(qualtrics_db)
    assert qualtrics_columns == columns
    _assert_same_rows(expected, actual, columns)
    # The responses behind them: the same answers at the same instants (keys carry qualtrics: here).
    sql = ("select {key}, submitted_at, nps_score, ces_score_normalised, csat_score, is_csat_satisfied "
           "from marts.fct_survey_responses order by 1")
    assert query(qualtrics_db, sql.format(key="replace(response_id, 'qualtrics:', '')")) == query(
        contract_db, sql.format(key="response_id"))


def _satisfaction_contract(contract_dir: Path, folder: Path) -> Path:
    """A six-file contract with the Zendesk shape's ratings as answers to one survey, satisfaction: each ticket's
    latest rating (Zendesk supersedes the earlier ones) as a response keyed by the ticket, CSAT 2 (good) or 1 (bad),
    submitted when the contract's answer was; its offer as the invitation; the contract's helpdesk files."""
    folder.mkdir(parents=True)
    invitations = {i["invitation_id"]: i for i in _rows(contract_dir / "survey_invitations.csv")}
    latest = _latest_ratings(contract_dir)
    survey = {"survey_id": "satisfaction", "survey_name": "Zendesk satisfaction rating", "program": "Transactional",
              "touchpoint": "Support", "audience": "customer", "csat_scale_max": "2",
              "_loaded_at": "2024-12-01 00:00:00"}
    offers, answers = [], []
    for ticket, r in sorted(latest.items()):
        sent = invitations[r["invitation_id"]]
        assert _utc(sent["sent_at"]) < r["rated"]
        offers.append({"invitation_id": ticket, "survey_id": "satisfaction", "customer_id": r["customer_id"],
                       "sent_at": sent["sent_at"], "_loaded_at": sent["_loaded_at"]})
        answers.append({"response_id": ticket, "survey_id": "satisfaction", "invitation_id": ticket,
                        "customer_id": r["customer_id"], "ticket_id": ticket, "submitted_at": r["submitted_at"],
                        "csat_score": "2" if r["good"] else "1", "reason_text": r["reason_text"],
                        "_loaded_at": r["_loaded_at"]})
    _write_rows(folder / "surveys.csv", RAW_COLUMNS["surveys"], [survey])
    _write_rows(folder / "survey_invitations.csv", RAW_COLUMNS["survey_invitations"], offers)
    _write_rows(folder / "survey_responses.csv", RAW_COLUMNS["survey_responses"], answers)
    for table in HELPDESK:
        shutil.copyfile(contract_dir / f"{table}.csv", folder / f"{table}.csv")
    return folder


@pytest.fixture(scope="module")
def satisfaction_db(tmp_path_factory, contract_dir) -> Path:
    work = tmp_path_factory.mktemp("satisfaction_db")
    return _build(_satisfaction_contract(contract_dir, work / "raw"), work)


@pytest.fixture(scope="module")
def zendesk_db(tmp_path_factory, zendesk_dir) -> Path:
    return _build(zendesk_dir, tmp_path_factory.mktemp("zendesk_db"),
                  {"CX_SURVEY_SOURCES": "zendesk", "CX_HELPDESK_SOURCE": "zendesk"})


def test_zendesk_shape_gives_the_contract_scores_and_tickets(contract_dir, satisfaction_db, zendesk_db):
    columns, expected = _scores(satisfaction_db)
    assert expected and {(r[2], r[3]) for r in expected} == {("transactional", "support")}
    assert query(satisfaction_db, "select count(*) from marts.fct_survey_responses") == [
        (len(_latest_ratings(contract_dir)),)]
    zendesk_columns, actual = _scores(zendesk_db)
    assert zendesk_columns == columns
    _assert_same_rows(expected, actual, columns)

    sql = ("select replace(ticket_id, 'zendesk:', ''), first_response_minutes, resolution_minutes, reopen_count, "
           "survey_csat_score from marts.fct_tickets order by 1")
    contract_tickets, zendesk_tickets = query(satisfaction_db, sql), query(zendesk_db, sql)
    assert [t[0] for t in zendesk_tickets] == [t[0] for t in contract_tickets]
    assert len(contract_tickets) == len(_rows(contract_dir / "tickets.csv"))
    unsolved_reopened = 0
    for want, got in zip(contract_tickets, zendesk_tickets):
        assert got[3:] == want[3:] and _close(want[1], got[1]), (want, got)  # reopens, CSAT, first response
        if want[2] is None and got[2] is not None:
            # reopened but never solved: Zendesk's history has a solve (see the module docstring)
            assert want[3] > 0, (want, got)
            unsolved_reopened += 1
        else:
            assert _close(want[2], got[2]), (want, got)
    assert unsolved_reopened < len(contract_tickets) * 0.1
    # a handful by hand: the first tickets with a first response, a reopen and a rating
    answered_and_solved = [t for t in contract_tickets if t[1] is not None and t[2] is not None]
    chosen = answered_and_solved[:3] + [t for t in answered_and_solved if t[3]][:2] + [
        t for t in answered_and_solved if t[4] is not None][:2]
    assert len(chosen) == 7
    raw = {t["ticket_id"]: t for t in _rows(contract_dir / "tickets.csv")}
    for ticket, first_minutes, resolution_minutes, reopens, _ in chosen:
        t = raw[ticket]
        assert _close(first_minutes, _minutes(t["created_at"], t["first_response_at"])), t
        assert _close(resolution_minutes, _minutes(t["created_at"], t["solved_at"])), t
        assert reopens == int(t["reopen_count"])
