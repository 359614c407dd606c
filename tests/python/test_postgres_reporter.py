"""The read-only BI role on PostgreSQL: after a build, the reporter (CX_POSTGRES_REPORTER_ROLE) reads the marts and
nothing else, and can change nothing. It logs in with its own password, as a BI tool would."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import SAMPLE_DIR
from test_bi_catalog import EXPECTED_MARTS, catalog_differences, mart_descriptions
from engines import EngineBuild, postgres_connection, why_unavailable

REPORTER = os.environ.get("CX_POSTGRES_REPORTER_ROLE", "reporter")
REPORTER_PASSWORD = os.environ.get("CX_POSTGRES_REPORTER_PASSWORD", "reporter_local")


@pytest.fixture(scope="module")
def postgres_sample(tmp_path_factory) -> Path:
    """The sample built on PostgreSQL; returns the build's dbt target folder (its manifest)."""
    reason = why_unavailable("postgres")
    if reason:
        pytest.skip(f"engine postgres skipped: {reason}")
    build = EngineBuild("postgres", tmp_path_factory.mktemp("postgres_reporter"))
    build.build(SAMPLE_DIR)
    return build.workdir / "dbt_target"


@pytest.fixture(scope="module")
def reporter(postgres_sample):
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


def test_reporter_sees_every_mart_column_description(reporter, postgres_sample):
    """persist_docs on PostgreSQL: the comments (pg_description) a BI tool logged in as the reporter reads."""
    expected = mart_descriptions(postgres_sample)
    assert len(expected) == EXPECTED_MARTS
    with reporter.cursor() as cur:
        cur.execute("""
            select c.relname, obj_description(c.oid, 'pg_class') from pg_class c
            join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'marts' and c.relkind = 'r'""")
        relations = dict(cur.fetchall())
        cur.execute("""
            select c.relname, a.attname, col_description(c.oid, a.attnum) from pg_attribute a
            join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'marts' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped""")
        columns = {(table, column): text for table, column, text in cur.fetchall()}
    reporter.rollback()
    assert set(relations) == set(expected)
    assert catalog_differences(expected, relations, columns) == []
