import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_form_interruption_rules_are_generated_from_the_script():
    """nlu_data/rules/form_interruptions.yml must be what scripts/generate_form_rules.py writes."""
    check = subprocess.run([sys.executable, "scripts/generate_form_rules.py", "--check"], cwd=ROOT)
    assert check.returncode == 0, "run: .venv/bin/python scripts/generate_form_rules.py"
