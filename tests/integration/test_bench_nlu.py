"""Smoke run of `scripts/bench_nlu.py` on a few CLINC150 and BANKING77 intents.

It trains the project's pipeline (config.yml) and a one-epoch DIET baseline with the real
`rasa train nlu`, parses through Rasa's Agent and writes the report and chart. It checks
that the benchmark runs, not how well: the full benchmark is `make bench-nlu`.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.nlu.benchmarks import benchmarks_dir
from bot.settings import PROJECT_ROOT


@pytest.mark.skipif(not (benchmarks_dir() / "clinc150" / "data_full.json").exists(),
                    reason="the shared benchmark data sets are not beside the project (BENCHMARKS_DIR)")
def test_bench_nlu_smoke_writes_a_report_and_a_chart(tmp_path):
    subprocess.run([sys.executable, "scripts/bench_nlu.py", "--smoke", "--diet-epochs", "1", "--out", str(tmp_path)],
                   cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=1800)
    report = json.loads((tmp_path / "bench_nlu.json").read_text(encoding="utf-8"))
    assert (tmp_path / "bench_nlu.png").stat().st_size > 10_000
    assert report["smoke"] is True and report["diet_epochs"] == 1
    clinc = report["results"]["clinc150"]
    assert set(clinc) == {"project", "rasa_diet"}
    for result in clinc.values():
        assert result["train_wall_s"] > 0 and result["parse_ms"]["messages"] > 0
        assert 0.0 <= result["test"]["within_1_point"]["in_scope_accuracy"] <= 100.0
        assert 0.0 <= result["test"]["within_1_point"]["oos_recall"] <= 100.0
    banking = report["results"]["banking77"]["project"]
    assert "within_1_point" not in banking["test"]  # no out-of-scope split, so no threshold
    # Four intents, each with a dozen examples of its own words: the project's pipeline must learn them.
    assert banking["test"]["no_threshold"]["in_scope_accuracy"] >= 75.0
    assert clinc["project"]["test"]["no_threshold"]["in_scope_accuracy"] >= 75.0
