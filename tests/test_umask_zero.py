"""Under `umask 000` every folder trustlog creates is 0700 and every file 0600.

Run as a real process whose umask is 0, on a fresh home where even
~/.local and ~/.config do not exist yet.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def trustlog(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "PYTHONPATH": str(SRC), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "trustlog", *args],
        env=env,
        capture_output=True,
        text=True,
        umask=0,
        timeout=60,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_everything_trustlog_makes_is_private_under_umask_zero(tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    home.mkdir()
    home.chmod(0o755)
    assert trustlog(home, "toward", "a walk").returncode == 0
    assert trustlog(home, "config", "set", "name", "Maya").returncode == 0
    out = home / "exports"
    made = trustlog(home, "export", "-o", str(home / "e.json"))
    assert made.returncode == 0, made.stderr
    assert trustlog(home, "backup").returncode == 0
    assert trustlog(home, "calendar", "--svg", str(home / "c.svg")).returncode == 0
    folders = [".local", ".local/share", ".local/share/trustlog", ".config", ".config/trustlog"]
    for folder in folders:
        assert mode(home / folder) == 0o700, folder
    data = home / ".local/share/trustlog"
    files = [p for p in data.iterdir()] + [home / ".config/trustlog/config.toml"]
    files += [home / "e.json", home / "c.svg"]
    assert any(p.name.startswith("trustlog-") for p in files)  # the backup
    for path in files:
        assert mode(path) == 0o600, path
    assert mode(home) == 0o755 and not out.exists()  # folders already there are left alone
    check = trustlog(home, "doctor")
    assert check.returncode == 0, check.stdout
