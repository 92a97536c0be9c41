"""The built wheel ships the product and its data, not the development code: no benchmarks,
tools or tests, nothing of the sample generator or its sources."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# what pip says when an isolated build cannot fetch its backend (hatchling) from the index
NO_NETWORK = (
    "No matching distribution found for hatchling",
    "Could not find a version that satisfies the requirement hatchling",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Failed to establish a new connection",
)


def _build_wheel(out: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out)]
    # Without the backend installed, pip fetches it into an isolated environment (needs the index).
    isolated = importlib.util.find_spec("hatchling") is None
    if not isolated:
        cmd.append("--no-build-isolation")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    r = subprocess.run(
        [*cmd, str(ROOT)], capture_output=True, text=True, timeout=180, env=env, cwd=out
    )
    if r.returncode != 0:
        output = r.stdout + r.stderr
        if isolated and any(s in output for s in NO_NETWORK):
            pytest.skip(
                "hatchling is not installed and pip could not download it for an isolated "
                "build (no network?): pip install hatchling to run this test offline"
            )
        pytest.fail(f"pip wheel failed ({r.returncode}):\n{output}")
    [wheel] = out.glob("qualcode-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_ships_no_development_code(tmp_path: Path) -> None:
    with zipfile.ZipFile(_build_wheel(tmp_path)) as zf:
        names = zf.namelist()
    dev = [n for n in names if n.startswith(("benchmarks/", "tools/", "tests/"))]
    assert dev == []
    generator = [n for n in names if "make_samples" in n or "sample_sources" in n]
    assert generator == []
    for needed in (
        "qualcode/__init__.py",
        "qualcode/cli/__init__.py",
        "qualcode/_migrations/env.py",
        "qualcode/_samples/expected.json",
    ):
        assert needed in names, needed
    frameworks = [
        n for n in names if n.startswith("qualcode/_resources/frameworks/") and not n.endswith("/")
    ]
    assert frameworks, "no framework files under qualcode/_resources/frameworks/"
