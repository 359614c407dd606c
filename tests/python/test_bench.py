"""The benchmark's floor query computes fct_cx_scores exactly as the mart does, and `make bench` runs end to end
on a small size (its timings are reported, never asserted)."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import DIRTY_CORPUS_DIR, PROJECT_DIR, SAMPLE_DIR
from cx_tools.bench import BLOCK_END, BLOCK_START, floor_mismatches, run_floor


def assert_floor_equals_mart(raw_dir, warehouse):
    _, con = run_floor(raw_dir)
    rows, mismatches = floor_mismatches(con, warehouse)
    con.close()
    assert rows > 0
    assert mismatches == 0


def test_floor_equals_fct_cx_scores_on_the_sample(sample_warehouse):
    assert_floor_equals_mart(SAMPLE_DIR, sample_warehouse)


def test_floor_equals_fct_cx_scores_on_the_dirty_corpus(dirty_corpus_warehouse):
    assert_floor_equals_mart(DIRTY_CORPUS_DIR, dirty_corpus_warehouse)


def test_make_bench_runs_on_a_small_size(tmp_path):
    report = tmp_path / "benchmarks.md"
    report.write_text(f"# Benchmarks\n\nHand-written analysis stays.\n\n{BLOCK_START}\n{BLOCK_END}\n")
    env = dict(os.environ)
    proc = subprocess.run(
        ["make", "bench", "SIZE=20k", f"BENCH_REPORT={report}", f"BENCH_WORK={tmp_path / 'work'}"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    result = json.loads((tmp_path / "benchmarks" / "20k-parquet.json").read_text())
    assert result["floor"]["mismatches"] == 0
    assert result["responses"] == 20_000
    assert 0 < result["batch_rows"] < result["raw_rows"]
    # The fixed-size batch: the rows loaded with the newest 2,000 responses before the last day (ties included).
    assert 2_000 <= result["fixed_batch_responses"] <= result["fixed_batch_rows"] < result["raw_rows"]
    for step in ("full_models", "full_models_and_tests", "fixed_batch_run", "incremental_models", "empty_run",
                 "parse", "compile"):
        assert result[step]["seconds"] > 0 and result[step]["peak_memory_mb"] > 0, step
    text = report.read_text()
    assert "Hand-written analysis stays." in text
    assert "20k-parquet" in text and "floor" in text
    assert "incremental `dbt run` with no new delivery" in text
    assert "incremental `dbt run` after the fixed-size batch" in text


def test_a_run_reports_the_earlier_run_of_its_label_beside_its_own(tmp_path):
    from cx_tools.bench import write_report

    def run(run_at: str, full: float, incremental: float) -> dict:
        step = {"seconds": 0.0, "peak_memory_mb": 1, "slowest": []}
        return {"label": "1M-parquet", "responses": 1_000_000, "format": "parquet", "run_at": run_at,
                "machine": {"cpu": "cpu", "cores": 2, "memory_gb": 1, "python": "3", "dbt_core": "1",
                            "dbt_duckdb": "1", "duckdb": "2", "duckdb_threads": "2", "duckdb_memory_limit": "8GB"},
                "generate": step, "raw_rows": 10, "batch_rows": 1, "batch_share": 0.1,
                "full_models": {**step, "seconds": full}, "full_models_and_tests": step,
                "incremental_models": {**step, "seconds": incremental}, "floor": {"seconds": 2.5, "mismatches": 0},
                "parse": step, "compile": {**step, "seconds": 3.0}, "ratio_full_to_floor": 1,
                "ratio_incremental_to_full": 0.5, "raw_rows_per_second": 1}

    report = tmp_path / "benchmarks.md"
    write_report(run("2026-11-25 22:58 UTC", 23.52, 16.57), report)
    assert "earlier" not in json.loads((tmp_path / "benchmarks" / "1M-parquet.json").read_text())
    write_report(run("2026-12-04 19:17 UTC", 30.0, 4.0), report)
    stored = json.loads((tmp_path / "benchmarks" / "1M-parquet.json").read_text())
    assert stored["earlier"] == {"run_at": "2026-11-25 22:58 UTC", "full_models": 23.52, "incremental_models": 16.57,
                                 "floor": 2.5, "compile": 3.0}
    assert "| 2026-11-25 22:58 UTC: 23.52 s / 16.57 s / not measured / 2.5 s / 3.0 s |" in report.read_text()
