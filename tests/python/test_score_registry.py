"""The score registry (var cx_scores of dbt_project.yml) is the one declaration of the scores: the score marts'
contracts, the semantic layer, the targets seed, the data checks and the dashboard follow it.

The expected columns are written here from the naming rules the registry's comment states, independently of the
macros that generate the SQL (macros/metrics/cx_scores.sql); `dbt build` then checks the SQL against the same
contracts. A score added to the registry without its columns in a mart's YAML (or the reverse) fails here.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
import yaml

from conftest import PROJECT_DIR, run_dbt
from cx_tools import project_vars
from cx_tools.dashboard import SCORES

REGISTRY = project_vars()["cx_scores"]
KINDS = {"net_promoter": ("promoters", "passives", "detractors"), "mean": ("sum", "sum_of_squares"),
         "top_box_share": ("satisfied",)}
PERIOD_KEYS = ["period_grain", "period_start", "program", "touchpoint"]


def measures(score: dict) -> list[str]:
    """One score's columns in fct_cx_scores: its answers, published counts, value and interval."""
    name, counts = score["name"], score["counts"]
    published = {"net_promoter": [counts.get("promoters"), counts.get("passives"), counts.get("detractors")],
                 "mean": [], "top_box_share": [counts.get("satisfied")]}[score["kind"]]
    moe = [f"{name}_moe_95"] if score["kind"] == "net_promoter" else []
    return [f"{name}_responses", *published, score["score"], *moe, f"{name}_lower_95", f"{name}_upper_95"]


def against_target(score: dict) -> list[str]:
    name = score["name"]
    moe = [f"{name}_moe_95"] if score["kind"] == "net_promoter" else []
    return [f"{name}_responses", score["score"], *moe, f"{name}_lower_95", f"{name}_upper_95", f"{name}_target",
            f"{name}_vs_target"]


def changes(score: dict) -> list[str]:
    name, value = score["name"], score["score"]
    return [f"{name}_responses", f"previous_{name}_responses", value, f"previous_{value}", f"{name}_change",
            f"{name}_change_lower_95", f"{name}_change_upper_95"]


def each(columns_of) -> list[str]:
    return [column for score in REGISTRY for column in columns_of(score)]


EXPECTED_CONTRACTS = {
    ("scores", "fct_cx_scores"):
        PERIOD_KEYS + ["responses"] + each(measures) + ["is_low_sample", "is_complete_period", "_batch_at"],
    ("segments", "fct_cx_scores_by_segment"):
        PERIOD_KEYS + ["segment_name", "segment_value", "responses"] + each(measures)
        + ["is_low_sample", "is_complete_period"],
    ("scores", "fct_cx_scores_vs_target"):
        PERIOD_KEYS + ["target_source", "responses"] + each(against_target)
        + each(lambda s: [f"is_{s['name']}_on_target", f"is_{s['name']}_below_target_beyond_interval"])
        + ["is_low_sample", "is_complete_period"],
    ("insights", "fct_cx_score_changes"):
        PERIOD_KEYS + each(changes) + each(lambda s: [f"is_{s['name']}_change_significant"])
        + ["is_significant_change", "is_low_sample", "is_complete_period", "previous_period_start"],
}


def contract_columns(folder: str, model: str) -> list[str]:
    path = PROJECT_DIR / "models" / "marts" / folder / f"_{folder}__models.yml"
    [entry] = [m for m in yaml.safe_load(path.read_text())["models"] if m["name"] == model]
    return [column["name"] for column in entry["columns"]]


def test_the_registry_declares_nps_ces_and_csat_with_a_known_kind_each():
    assert [(s["name"], s["kind"], s["answer"], s["score"]) for s in REGISTRY] == [
        ("nps", "net_promoter", "nps_category", "nps"),
        ("ces", "mean", "ces_score_normalised", "ces_avg"),
        ("csat", "top_box_share", "is_csat_satisfied", "csat_pct"),
    ]
    for score in REGISTRY:
        assert sorted(score["counts"]) == sorted(KINDS[score["kind"]]), score["name"]


@pytest.mark.parametrize("folder, model", EXPECTED_CONTRACTS, ids=[m for _, m in EXPECTED_CONTRACTS])
def test_each_score_mart_contract_has_the_registry_columns_in_order(folder, model):
    assert contract_columns(folder, model) == EXPECTED_CONTRACTS[(folder, model)]


def test_each_score_has_its_answer_column_in_fct_survey_responses():
    columns = contract_columns("surveys", "fct_survey_responses")
    assert [s["answer"] for s in REGISTRY if s["answer"] not in columns] == []


def test_each_score_has_a_target_column_in_the_targets_seed():
    with (PROJECT_DIR / "seeds" / "cx_score_targets.csv").open(newline="") as stream:
        header = next(csv.reader(stream))
    assert [f"{s['name']}_target" for s in REGISTRY if f"{s['name']}_target" not in header] == []


def test_each_score_has_a_semantic_metric_and_its_counts_as_measures():
    semantic = yaml.safe_load((PROJECT_DIR / "models" / "semantic" / "_semantic__models.yml").read_text())
    metrics = {metric["name"] for metric in semantic["metrics"]}
    [responses] = [m for m in semantic["semantic_models"] if m["name"] == "survey_responses"]
    measures_ = {measure["name"] for measure in responses["measures"]}
    for score in REGISTRY:
        assert score["name"] in metrics, score["name"]
        counts = [score["counts"][role] for role in KINDS[score["kind"]] if role != "sum_of_squares"]
        assert {f"{score['name']}_responses", *counts} <= measures_, score["name"]


# Great Expectations is imported in a process of its own, as `make validate` does: under pytest-xdist, its pyspark
# import takes the worker for a doctest run and exits it.
DATA_CHECKS = """
import json, sys
from cx_tools.validation import suites
print(json.dumps({"at_least": suites.AT_LEAST, "rules": {c: suites.value_rule(c) for c in sys.argv[1:]}}))
"""


def test_the_dashboard_and_the_data_checks_read_the_registry(tmp_path):
    assert [(s.key, s.column, s.count, s.lower, s.upper) for s in SCORES] == [
        (s["name"], s["score"], f"{s['name']}_responses", f"{s['name']}_lower_95", f"{s['name']}_upper_95")
        for s in REGISTRY]
    script = tmp_path / "data_checks.py"  # a file: pyspark also exits a `python -c` main without one
    script.write_text(DATA_CHECKS)
    proc = subprocess.run([sys.executable, str(script), *(s["score"] for s in REGISTRY)], cwd=PROJECT_DIR,
                          capture_output=True, text=True, check=True)
    checks = json.loads(proc.stdout.strip().splitlines()[-1])
    assert checks["at_least"] == [["responses", "nps_responses"], ["responses", "ces_responses"],
                                  ["responses", "csat_responses"], ["csat_responses", "csat_satisfied"]]
    # every score value has a range check by its column name
    assert checks["rules"] == {"nps": [-100, 100, "NPS or eNPS"], "ces_avg": [1, 7, "CES"],
                               "csat_pct": [0, 100, "percentage"]}


def test_a_score_of_unknown_kind_stops_the_compile_naming_it(tmp_path):
    bogus = [*REGISTRY, {"name": "renewal", "label": "Renewal", "decimals": 1, "kind": "likert",
                         "answer": "nps_category", "score": "renewal_nps", "counts": {}}]
    proc = run_dbt(["compile", "--select", "fct_cx_scores", "--vars", yaml.safe_dump({"cx_scores": bogus})],
                   PROJECT_DIR / "data" / "sample", tmp_path / "cx.duckdb", check=False)
    assert proc.returncode != 0
    assert "var cx_scores: score 'renewal' has kind 'likert'; the kinds are net_promoter, mean, top_box_share" in \
        proc.stdout
