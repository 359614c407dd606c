"""The specification both generator engines share: shape, distributions, dirty cases, argument rules.

Nothing here writes a file. ``python_engine`` (row by row, standard library) and ``duckdb_engine`` (vectorised
DuckDB SQL) both read these tables, so the two write the same contract, shapes, value spellings, timestamp forms
and defect kinds (not the same rows: each draws its own random numbers).

Shape (clean rows, before any dirty extras, ``table_sizes``): 12 surveys, 40 agents, customers = max(1, round(N/4)),
tickets = max(1, round(0.6 N)), invitations = max(N, round(2.5 N)), responses = N.

Dirty rows: a dirty row draws one defect of its file's list in ``DEFECTS`` (weights, and their order, are part of
the draw); the defects in ``EXTRA_ROW_DEFECTS`` add a copy a few (1 to ``MAX_COPY_DISTANCE``) rows later instead of
changing the row in place.
"""
from __future__ import annotations

from datetime import date

DAY = 86_400
HOUR = 3_600

# ---------------------------------------------------------------------------------------------
# Surveys. Raw spellings vary on purpose; normalised (program, touchpoint, audience) in comments.
# kind: "rel" (relationship, any customer), "ticket" (sent after a ticket), "tx" (transactional,
# any customer), "emp" (employees). questions: n = NPS, e = CES, c = CSAT.
# ---------------------------------------------------------------------------------------------
SURVEYS = [
    # id, name, program, touchpoint, audience, ces_min, ces_max, csat_max, weight, questions, kind
    ("S01", "Quarterly Relationship Survey", "Relational", "Overall Relationship", "Customer", "", "", "5", 12, "nc", "rel"),  # relational / overall_relationship
    ("S02", "Support Follow-up", " TRANSACTIONAL ", "Support Interaction", "", "1", "7", "5", 18, "nec", "ticket"),  # transactional / support_interaction / (empty -> customer)
    ("S03", "Agent Feedback", "Transactional", "Agent", "customer", "1", "5", "5", 8, "nec", "ticket"),
    ("S04", "Post-Purchase Survey", "transactional", "Purchase", "Customer", "1", "5", "7", 14, "nec", "tx"),
    ("S05", "Onboarding Check-in", "Transactional", "Onboarding", "CUSTOMER", "1", "10", "5", 6, "nec", "tx"),
    ("S06", "Website Feedback", "Transactional", "Web Page", " customer ", "", "", "", 10, "nec", "tx"),  # all scales default: CES 1-7, CSAT 5
    ("S07", "In-Store Visit", "Transactional", "In-Store Visit", "Customer", "1", "7", "7", 8, "nec", "tx"),  # in_store_visit
    ("S08", "Social Care", "Transactional", "Social Media", "Customer", "1", "5", "", 4, "nec", "tx"),
    ("S09", "Delivery Experience", "Transactional", "Delivery & Returns", "Customer", "1", "7", "5", 8, "nec", "tx"),  # delivery_returns
    ("S10", "Mobile App Pulse", "Digital Product", "Mobile App", "Customer", "", "", "5", 6, "nec", "tx"),  # digital_product / mobile_app
    ("S11", "Brand Tracker", "Relational", "Brand Perception", "Customer", "", "", "", 3, "n", "rel"),
    ("S12", "Employee eNPS", "Employee Experience", "eNPS", "Employee", "", "", "", 5, "n", "emp"),  # audience employee: not in fct_cx_scores
]

FIRST = ["Ana", "Ben", "Chloé", "Dev", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam",
         "Mara", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tess", "Uma", "Victor", "Wen", "Yara"]
LAST = ["Adams", "Berg", "Costa", "Dubois", "Evans", "Fischer", "García", "Hansen", "Ito", "Jensen",
        "Kowalski", "López", "Müller", "Novak", "O'Brien", "Patel", "Rossi", "Silva", "Tanaka", "Weber"]
PLANS = (["Basic", "basic", "Pro", "PRO", "Pro ", "Enterprise", "Free Trial", "free-trial"], [20, 5, 20, 4, 3, 10, 8, 3])
COUNTRIES = (["DE", "FR", "NL", "ES", "IT", "GB", "US", "PL", "SE", ""], [18, 12, 10, 10, 8, 14, 16, 5, 4, 3])
AGE_BANDS = (["18-24", "25-34", "35-44", "45-54", "55-64", "65+", ""], [10, 24, 22, 18, 12, 8, 6])
GENDERS = (["Female", "Male", "Non-binary", "female", "MALE", "Prefer not to say", ""], [38, 38, 3, 4, 4, 5, 8])
INCOME_BANDS = (["<25k", "25-50k", "50-75k", "75-100k", "100k+", ""], [14, 26, 22, 14, 10, 14])
TEAMS = ["Tier 1 Support", "Tier 2 Support", "Billing", "Onboarding", "Social Care"]
T_CHANNELS = (["Email", "Chat", "Phone", "Web Form", "chat ", "PHONE"], [30, 30, 20, 12, 4, 4])
PRIORITIES = (["Low", "Normal", "High", "Urgent", " high", "NORMAL"], [25, 45, 18, 6, 3, 3])
STATUSES = (["Solved", "Closed", "Open", "Pending", "solved"], [45, 35, 8, 7, 5])
I_CHANNELS = (["Email", "SMS", "In-App", "Web Widget", "email", " SMS"], [45, 15, 18, 14, 5, 3])
FOLLOW_UP = (["true", "false", "yes", "no", "1", "0", "TRUE", "No", ""], [20, 20, 10, 10, 8, 8, 4, 4, 16])
NPS_W = [2, 1, 1, 2, 2, 4, 6, 10, 17, 24, 31]  # 0..10, skewed high
REASONS = [
    "Quick and friendly help", "Agent solved it first time", "Too long on hold",
    "Easy, fast, no fuss", 'The "express" option was not express', "Delivery was late, again",
    "Great product; support could be faster", "Had to explain my issue twice",
    "Website kept logging me out", "Staff in store were helpful", "", "", "",
]
IMPROVEMENTS = [
    "", "", "", "", "Shorter wait times", "Better app navigation, please",
    "More payment options", 'Stop sending "surveys" after every click', "Call me back instead of email",
]
BAD_TIMESTAMPS = [
    "31/12/2025", "2025-13-45 10:00:00", "2025-02-29 10:00:00", "2025-06-31 08:00:00",
    "2025-06-01 24:00:00", "2025-06-01 10:60:00", "2025-06-01 10:00:61", "2025-06-01",
    "2025/06/01 10:00:00", "2025-06-01T10:00:00+2:00", "2025-06-01T10:00:00+24:00", "yesterday",
    "1748772000", "2025-6-1 10:00:00", "",
]
BAD_DATES = ["31/12/2024", "2025-02-30", "2024-13-01", "n/a", "20240105", "2024-1-5"]
NON_INTEGERS = ["7.5", "abc", "\uff19", "-1", "8,0", "1e1", "ten", "9.", "+8"]
BAD_BOOLEANS = ["maybe", "Y", "N/A", "2", "t", "yes please"]
MESSY_TEXTS = [
    'Good, but "slow" reply,\nthen fixed', "  padded with spaces\t ", "\nline one\nline two\n",
    'She said "no, not today", twice', "comma, comma, comma", 'quote " inside',
]

N_AGENTS = 40
# A copy (duplicate, re-delivery, ...) follows its original by 1 to this many rows.
MAX_COPY_DISTANCE = 40

COMMON_DEFECTS = [("missing_id", 3), ("padded_key", 2), ("exact_duplicate", 3), ("bad_loaded_at", 1),
                  ("stale_duplicate_bad_loaded_at", 1)]
# Per file: the defects a dirty row draws from, with weights (both engines; the order is part of the draw).
DEFECTS: dict[str, list[tuple[str, int]]] = {
    "surveys": [("extra_missing_id", 1), ("later_load_duplicate", 2), ("exact_duplicate", 1), ("padded_key", 1)],
    "agents": COMMON_DEFECTS + [("bad_hired_at", 2), ("later_load_duplicate", 2)],
    "customers": COMMON_DEFECTS + [("bad_signup_date", 3), ("signup_as_timestamp", 1), ("bad_churned_at", 2),
                                   ("later_load_duplicate", 3)],
    "tickets": COMMON_DEFECTS + [("bad_created_at", 3), ("bad_first_response_at", 1), ("before_created_at", 2),
                                 ("bad_handle_time", 2), ("padded_handle_time", 1), ("bad_reopen_count", 1),
                                 ("unknown_customer", 2), ("unknown_agent", 1), ("later_load_duplicate", 2),
                                 ("broken_redelivery", 1)],
    "survey_invitations": COMMON_DEFECTS + [("bad_sent_at", 3), ("unknown_survey", 2), ("unknown_customer", 2),
                                            ("later_load_duplicate", 2)],
    "survey_responses": COMMON_DEFECTS + [("bad_submitted_at", 3), ("unknown_survey", 2), ("non_integer_score", 3),
                                          ("out_of_range_score", 3), ("padded_score", 3), ("unknown_reference", 3),
                                          ("bad_follow_up_ok", 2), ("messy_text", 2), ("edited_duplicate", 2),
                                          ("resubmitted", 2), ("broken_redelivery", 1)],
}

# Defects that add a row (a copy of an earlier row) instead of changing the row that draws them.
EXTRA_ROW_DEFECTS = {"exact_duplicate", "stale_duplicate_bad_loaded_at", "later_load_duplicate",
                     "extra_missing_id", "edited_duplicate", "resubmitted", "broken_redelivery"}


def table_sizes(responses: int) -> dict[str, int]:
    """Clean data rows per raw table for `responses` responses (dirty extras come on top)."""
    return {
        "surveys": len(SURVEYS),
        "agents": N_AGENTS,
        "customers": max(1, round(responses / 4)),
        "tickets": max(1, round(0.6 * responses)),
        "survey_invitations": max(responses, round(2.5 * responses)),
        "survey_responses": responses,
    }


def epoch(d: date) -> int:
    """UTC epoch seconds of midnight at the start of `d`."""
    return (d - date(1970, 1, 1)).days * DAY


def check_arguments(responses: int, dirty_share: float, start: date, end: date) -> None:
    """The argument rules both engines share; raises ValueError naming the option."""
    if responses < 1:
        raise ValueError("--responses must be >= 1")
    if not 0.0 <= dirty_share <= 1.0:
        raise ValueError("--dirty-share must be within 0..1")
    if end < start:
        raise ValueError("--end must not be before --start")

