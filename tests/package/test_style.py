import shutil
import subprocess
import sys

from helpers import ROOT


def test_ruff_is_clean():
    """ruff, including D301: a docstring with backslashes must be a raw string."""
    ruff = shutil.which("ruff", path=str(ROOT / ".venv" / "bin")) or shutil.which("ruff")
    command = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    result = subprocess.run([*command, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
