"""Python tooling around the cx_metrics dbt project.

- ``cx_tools.generate``: deterministic synthetic raw data (the six raw tables, CSV or Parquet), optionally dirty;
  a row-by-row standard-library engine and a vectorised DuckDB engine (``cx_tools.generate_fast``) for millions.
- ``cx_tools.bench``: the benchmark behind ``make bench`` (dbt builds against a one-query floor).
"""

__all__ = ["RAW_TABLES", "RAW_COLUMNS"]

# The raw contract: file name (without .csv) -> header columns, in order.
RAW_COLUMNS: dict[str, list[str]] = {
    "surveys": [
        "survey_id", "survey_name", "program", "touchpoint", "audience",
        "ces_scale_min", "ces_scale_max", "csat_scale_max", "_loaded_at",
    ],
    "survey_invitations": [
        "invitation_id", "survey_id", "customer_id", "channel", "sent_at", "_loaded_at",
    ],
    "survey_responses": [
        "response_id", "survey_id", "invitation_id", "customer_id", "employee_id", "ticket_id",
        "channel", "submitted_at", "nps_score", "ces_score", "csat_score", "reason_text",
        "improvement_text", "follow_up_ok", "_loaded_at",
    ],
    "tickets": [
        "ticket_id", "customer_id", "agent_id", "channel", "priority", "status", "created_at",
        "first_response_at", "solved_at", "handle_time_seconds", "reopen_count", "_loaded_at",
    ],
    "customers": [
        "customer_id", "email", "full_name", "signup_date", "plan", "country", "age_band",
        "gender", "income_band", "churned_at", "_loaded_at",
    ],
    "agents": ["agent_id", "full_name", "email", "team", "hired_at", "_loaded_at"],
}

RAW_TABLES: list[str] = list(RAW_COLUMNS)
