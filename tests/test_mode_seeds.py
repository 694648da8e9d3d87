"""benchmarks/mode_seeds.py on finished runs (no training): it summarizes them over seeds,
passes --override to zoo.train and refuses a run trained with other overrides."""
import json

import pytest

from tests import helpers

SCRIPT = "benchmarks/mode_seeds.py"


def finished_run(out, model, seed, modes, overrides=()):
  """A run directory as zoo.train and mode_seeds.py leave it: evaluations and the record."""
  workdir = out / model / f"seed{seed}"
  workdir.mkdir(parents=True)
  evals = [{"step": 1000 * (i + 1), "modes_covered": m, "high_quality_fraction": 0.1 * m}
           for i, m in enumerate(modes)]
  (workdir / "metrics.jsonl").write_text("".join(json.dumps(e) + "\n" for e in evals))
  command = ["python", "-m", "zoo.train", f"--model={model}", f"--workdir={workdir}",
             f"--config.seed={seed}", *(f"--config.{o}" for o in overrides)]
  (workdir / "mode_seeds_run.json").write_text(json.dumps({"seconds": 1.0,
                                                           "command": command}))


def test_finished_runs_are_summarized_with_their_overrides(tmp_path):
  finished_run(tmp_path, "ring8_r1", 0, [3, 8, 6], overrides=["train.ema_decay=0.999"])
  finished_run(tmp_path, "ring8_r1", 1, [8, 7, 4], overrides=["train.ema_decay=0.999"])
  result = helpers.run_python(SCRIPT, "--models=ring8_r1", "--seeds=2", f"--out={tmp_path}",
                              "--override=train.ema_decay=0.999")
  summary = json.loads((tmp_path / "modes.json").read_text())["ring8_r1"]
  assert summary["best"]["modes"] == {"mean": 8.0, "stderr": 0.0, "runs": [8.0, 8.0]}
  assert summary["final"]["modes"]["runs"] == [6.0, 4.0]
  assert summary["final"]["modes"]["stderr"] == pytest.approx(1.0)
  assert "ring8_r1 (final): modes 5.0 +- 1.0" in result.stdout


def test_a_run_with_other_overrides_is_not_reused(tmp_path):
  finished_run(tmp_path, "ring8_r1", 0, [8])
  result = helpers.run_python(SCRIPT, "--models=ring8_r1", "--seeds=1", f"--out={tmp_path}",
                              "--override=train.ema_decay=0.999", check=False)
  assert result.returncode != 0
  assert "--config.train.ema_decay=0.999" in result.stderr
  assert "give another --out" in result.stderr


def test_an_override_without_a_value_is_a_usage_error(tmp_path):
  result = helpers.run_python(SCRIPT, "--models=ring8_r1", f"--out={tmp_path}",
                              "--override=train.ema_decay", check=False)
  assert result.returncode == 2
  assert "expected KEY=VALUE" in result.stderr
