"""The lock files match pyproject.toml, and a stale lock stops the install step loudly."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(root: Path, lock: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts/lockinputs.py"), "check", str(root / lock)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_committed_locks_match_pyproject():
    for lock in ("requirements.lock", "requirements-test.lock"):
        result = _check(ROOT, lock)
        assert result.returncode == 0, result.stderr


def test_a_dependency_added_without_relocking_fails_with_the_command(tmp_path):
    for name in ("pyproject.toml", "requirements.lock", "requirements-test.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts/lockinputs.py", tmp_path / "scripts/lockinputs.py")
    text = (tmp_path / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(
        text.replace("dependencies = [\n", 'dependencies = [\n    "left-pad>=1",\n', 1)
    )
    for lock in ("requirements.lock", "requirements-test.lock"):
        result = _check(tmp_path, lock)
        assert result.returncode == 1
        assert "out of date" in result.stderr and "scripts/lock" in result.stderr


def test_every_locked_requirement_is_pinned_with_hashes():
    for lock in ("requirements.lock", "requirements-test.lock"):
        entries = [line for line in (ROOT / lock).read_text().splitlines() if line[:1].isalnum()]
        assert entries
        for line in entries:
            assert "==" in line and line.rstrip().endswith("\\"), line  # a hash line follows
