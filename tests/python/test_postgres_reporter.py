"""The read-only BI role on PostgreSQL: after a build, the reporter (CX_POSTGRES_REPORTER_ROLE) reads the marts and
nothing else, and can change nothing. It logs in with its own password, as a BI tool would."""
from __future__ import annotations

import os

import pytest

from conftest import SAMPLE_DIR
from engines import EngineBuild, postgres_connection, why_unavailable

REPORTER = os.environ.get("CX_POSTGRES_REPORTER_ROLE", "reporter")
REPORTER_PASSWORD = os.environ.get("CX_POSTGRES_REPORTER_PASSWORD", "reporter_local")


@pytest.fixture(scope="module")
def reporter(tmp_path_factory):
    reason = why_unavailable("postgres")
    if reason:
        pytest.skip(f"engine postgres skipped: {reason}")
    EngineBuild("postgres", tmp_path_factory.mktemp("postgres_reporter")).build(SAMPLE_DIR)
    con = postgres_connection(user=REPORTER, password=REPORTER_PASSWORD)
    yield con
    con.close()


def attempt(con, sql: str) -> str:
    """'ok', or the SQLSTATE class of the error (42501 = insufficient privilege)."""
    import psycopg2

    try:
        with con.cursor() as cur:
            cur.execute(sql)
        con.rollback()
        return "ok"
    except psycopg2.Error as error:
        con.rollback()
        return error.pgcode


def test_reporter_reads_every_mart(reporter):
    with postgres_connection() as owner, owner.cursor() as cur:
        cur.execute("select table_name from information_schema.tables where table_schema = 'marts'")
        marts = [name for (name,) in cur.fetchall()]
    assert len(marts) == 19
    for mart in marts:
        assert attempt(reporter, f"select * from marts.{mart} limit 1") == "ok", mart
    with reporter.cursor() as cur:
        cur.execute("select sum(responses) from marts.fct_cx_scores where period_grain = 'year'")
        assert cur.fetchone()[0] > 0
    reporter.rollback()


@pytest.mark.parametrize("relation", [
    "raw.survey_responses", "raw.customers", "staging.stg_helpdesk__customers",
    "intermediate.int_survey_responses__validated", "audit.audit_rejected_rows", "audit.audit_row_counts",
    # Employee answers tied to a person: only the dbt role reads the restricted schema.
    "restricted.int_employee_responses",
])
def test_reporter_is_refused_outside_the_marts(reporter, relation):
    assert attempt(reporter, f"select * from {relation} limit 1") == "42501"


@pytest.mark.parametrize("statement", [
    "create table marts.reporter_scratch (a integer)",
    "create schema reporter_scratch",
    "create table public.reporter_scratch (a integer)",
    "insert into marts.fct_cx_scores (period_grain) values ('day')",
    "update marts.fct_cx_scores set responses = 0",
    "delete from marts.fct_cx_scores",
    "drop table marts.fct_cx_scores",
])
def test_reporter_cannot_change_anything(reporter, statement):
    assert attempt(reporter, statement) == "42501"
