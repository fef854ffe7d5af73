"""The installed console script, run the way a shell runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def trustlog_script() -> str:
    beside = Path(sys.executable).with_name("trustlog")
    found = str(beside) if beside.exists() else shutil.which("trustlog")
    assert found, "the trustlog console script is not installed"
    return found


def test_console_script_end_to_end(tmp_path: Path) -> None:
    env = dict(os.environ, TRUSTLOG_DB=str(tmp_path / "j.db"), NO_COLOR="1")
    env.pop("TRUSTLOG_CONFIG", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "cfg")

    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [trustlog_script(), *args], capture_output=True, text=True, env=env, timeout=60
        )

    first = sh("toward", "asked", "about", "her", "day")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "+1  toward · asked about her day → balance 1"
    assert sh("away", "-p", "--on", "yesterday", "missed", "my", "text").returncode == 0
    home = sh()
    assert home.returncode == 0 and "Balance" in home.stdout and "\x1b[" not in home.stdout
    data = json.loads(sh("balance", "--json").stdout)
    assert data["balance"] == -4
    bad = sh("toward", "--on", "tomorrow", "x")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    module = subprocess.run(
        [sys.executable, "-m", "trustlog", "log", "--json"], capture_output=True, text=True, env=env
    )
    assert module.returncode == 0 and len(json.loads(module.stdout)) == 2
    assert sh("--help").returncode == 0
