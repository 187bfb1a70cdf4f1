from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_command_reference_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_commands.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text()
    blocks = [b.split("```", 1)[0].strip() for b in text.split("```bash\n")[1:3]]
    assert "pip install -e ." in blocks[0] and "papers --help" in blocks[0]
    assert "pip install -e '.[test]'" in blocks[1] and "pytest" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python -m pytest" in ci and "'.[test]'" in ci
    # (and the types of the core, with the dev extra's checker and the stubs it needs)
    assert "'.[dev]'" in ci and "mypy src" in ci
