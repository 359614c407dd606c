"""The attacker: with every table of the `marts` schema (what a BI reader can query), try to recompute any employee
group below the confidentiality floor. Every attempt must fail. The ground truth (who answered, in which team) is
read from the restricted schema, which the attacker does not have."""
from __future__ import annotations

import duckdb
import pytest

from conftest import SAMPLE_DIR, run_dbt

FLOOR = 5  # var('enps_min_group_size')


@pytest.fixture(scope="module")
def marts(sample_warehouse):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    yield con
    con.close()


def mart_tables(con) -> dict[str, list[str]]:
    rows = con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'marts'"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def truth(con, sql: str, parameters: list | None = None) -> list[tuple]:
    """What only the dbt role knows: the restricted and intermediate schemas."""
    return con.execute(sql, parameters or []).fetchall()


def test_the_sample_has_employee_groups_below_the_floor(marts):
    # Without small groups to hide there is nothing to attack: the sample must hold some.
    small = truth(marts, f"""
        select count(*) from (
            select date_trunc('quarter', responses.submitted_at) as quarter, coalesce(agents.team, 'unknown') as team
            from restricted.int_employee_responses as responses
            left join marts.dim_agents as agents on responses.employee_id = agents.agent_id
            group by 1, 2
            having count(distinct coalesce(responses.employee_id, responses.response_id)) < {FLOOR}
        ) as groups""")
    assert small[0][0] > 10


def test_no_mart_holds_an_employee_answer_or_invitation_row(marts):
    employee_responses = {r for (r,) in truth(marts, "select response_id from restricted.int_employee_responses")}
    employee_surveys = {s for (s,) in marts.execute(
        "select survey_id from marts.dim_surveys where audience = 'employee'").fetchall()}
    employee_invitations = {i for (i,) in truth(marts, """
        select invitation_id from intermediate.int_survey_invitations__answered where audience = 'employee'""")}
    assert employee_responses and employee_surveys and employee_invitations
    leaks = {}
    for table, columns in mart_tables(marts).items():
        for column, secrets in (("response_id", employee_responses), ("invitation_id", employee_invitations),
                                ("survey_response_id", employee_responses)):
            if column in columns:
                values = {v for (v,) in marts.execute(f"select distinct {column} from marts.{table}").fetchall()}
                if values & secrets:
                    leaks[f"{table}.{column}"] = len(values & secrets)
        if "survey_id" in columns and table != "dim_surveys":
            values = {v for (v,) in marts.execute(f"select distinct survey_id from marts.{table}").fetchall()}
            if values & employee_surveys:
                leaks[f"{table}.survey_id"] = len(values & employee_surveys)
        if "audience" in columns and table not in ("dim_surveys", "fct_response_rates"):
            [(employee_rows,)] = marts.execute(
                f"select count(*) from marts.{table} where audience = 'employee'").fetchall()
            if employee_rows:
                leaks[f"{table}.audience"] = employee_rows
    assert leaks == {}


def test_enps_cannot_be_recomputed_from_the_row_marts(marts):
    # The old bypass: employee answers at row level in fct_survey_responses, or any mart keyed by survey.
    for table, columns in mart_tables(marts).items():
        if {"survey_id", "nps_score"} <= set(columns):
            [(rows,)] = marts.execute(f"""
                select count(*) from marts.{table}
                where survey_id in (select survey_id from marts.dim_surveys where audience = 'employee')""").fetchall()
            assert rows == 0, table


def test_every_visible_enps_group_meets_the_floor(marts):
    rows = marts.execute("""
        select period_grain, period_start, team, respondents from marts.fct_enps_scores where not is_suppressed
    """).fetchall()
    assert rows
    assert [row for row in rows if row[3] < FLOOR] == []
    [(counts_of_suppressed,)] = marts.execute("""
        select count(*) from marts.fct_enps_scores
        where is_suppressed and coalesce(respondents, responses, promoters, passives, detractors, enps,
            enps_moe_95, enps_lower_95, enps_upper_95) is not null""").fetchall()
    assert counts_of_suppressed == 0


def test_all_teams_minus_the_visible_teams_reveals_no_small_group(marts):
    """Subtract every visible team from the all_teams row of its period: what is left is the union of the suppressed
    teams (any smaller subtraction leaves a larger group). Its true respondents must be none or at least the floor."""
    periods = marts.execute("""
        select
            all_teams.period_grain,
            all_teams.period_start,
            all_teams.responses - coalesce(sum(teams.responses), 0) as hidden_responses,
            all_teams.promoters - coalesce(sum(teams.promoters), 0) as hidden_promoters,
            list(teams.team) filter (where teams.team is not null) as visible_teams
        from marts.fct_enps_scores as all_teams
        left join marts.fct_enps_scores as teams
            on teams.period_grain = all_teams.period_grain and teams.period_start = all_teams.period_start
            and not teams.is_all_teams and not teams.is_suppressed
        where all_teams.is_all_teams and not all_teams.is_suppressed
        group by all_teams.period_grain, all_teams.period_start, all_teams.responses, all_teams.promoters
    """).fetchall()
    assert periods
    for grain, start, hidden_responses, _, visible in periods:
        assert grain == "quarter"
        [(hidden_respondents, true_hidden_responses)] = truth(marts, f"""
            select count(distinct coalesce(responses.employee_id, responses.response_id)), count(*)
            from restricted.int_employee_responses as responses
            left join marts.dim_agents as agents on responses.employee_id = agents.agent_id
            where date_trunc('quarter', responses.submitted_at) = date '{start}'
                and coalesce(agents.team, 'unknown') not in (select unnest(?::varchar[]))""", [visible or []])
        assert true_hidden_responses == hidden_responses  # the attack itself is sound: it isolates this group
        assert hidden_respondents == 0 or hidden_respondents >= FLOOR, (start, visible, hidden_respondents)


def test_no_two_grains_to_subtract(marts):
    # Employee figures exist at one grain only, in every mart that has them.
    assert marts.execute("select distinct period_grain from marts.fct_enps_scores").fetchall() == [("quarter",)]
    assert marts.execute(
        "select distinct period_grain from marts.fct_response_rates where audience = 'employee'"
    ).fetchall() == [("quarter",)]


def test_employee_response_rates_hide_small_groups(marts):
    rows = marts.execute("""
        select responded, response_rate, is_suppressed from marts.fct_response_rates where audience = 'employee'
    """).fetchall()
    assert any(suppressed for *_, suppressed in rows) and any(not suppressed for *_, suppressed in rows)
    for responded, rate, suppressed in rows:
        assert (responded is None and rate is None) if suppressed else responded >= FLOOR


def test_a_second_enps_grain_stops_the_build(tmp_path):
    proc = run_dbt(["compile", "--select", "fct_enps_scores", "--vars", "{enps_period_grains: [month, quarter]}"],
                   SAMPLE_DIR, tmp_path / "cx.duckdb", check=False)
    assert proc.returncode != 0
    assert "enps_period_grains must name exactly one grain" in proc.stdout
