"""The crontab line, with a stand-in `crontab` on PATH: the real one is never touched."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run

STAND_IN = r"""#!/bin/sh
# A stand-in crontab: keeps the table in $CRONTAB_FILE; rejects malformed lines.
set -e
case "$1" in
  -l)
    [ -f "$CRONTAB_FILE" ] || { echo "no crontab for $(id -un)" >&2; exit 1; }
    cat "$CRONTAB_FILE" ;;
  -)
    tmp="$CRONTAB_FILE.new"
    cat > "$tmp"
    ok='^\s*($|#|[A-Za-z_][A-Za-z0-9_]*\s*=|@[a-z]+\s|([^ ]+\s+){5}[^ ])'
    bad=$(grep -vE "$ok" "$tmp" || true)
    if [ -n "$bad" ]; then echo "bad line: $bad" >&2; rm -f "$tmp"; exit 1; fi
    mv "$tmp" "$CRONTAB_FILE" ;;
  *) echo "usage" >&2; exit 2 ;;
esac
"""

EXISTING = """# my crontab
MAILTO=me@example.com
PATH=/usr/bin:/bin
0 7 * * 1-5 /usr/local/bin/backup --quiet  # nightly-ish backup
@reboot /usr/bin/true
"""


@pytest.fixture
def crontab(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    program = bin_dir / "crontab"
    program.write_text(STAND_IN)
    program.chmod(0o755)
    table = tmp_path / "crontab.txt"
    return {"PATH": f"{bin_dir}:{os.environ['PATH']}", "CRONTAB_FILE": str(table)}


def table(crontab: dict[str, str]) -> str:
    return Path(crontab["CRONTAB_FILE"]).read_text()


def test_install_show_remove_keep_every_other_line(
    run: Run, crontab: dict[str, str], db_path: Path
) -> None:
    Path(crontab["CRONTAB_FILE"]).write_text(EXISTING)
    installed = run("cron", "install", env=crontab)
    assert installed.code == 0, installed.err
    lines = table(crontab).splitlines()
    assert "\n".join(lines[:-1]) + "\n" == EXISTING
    ours = lines[-1]
    assert ours.startswith("30 21 * * * /")
    assert f"--db {db_path}" in ours and ours.endswith("remind  # trustlog-remind")
    again = run("cron", "install", "--at", "7:05", "--notify", env=crontab)
    assert again.code == 0 and "Replaced" in again.out
    lines = table(crontab).splitlines()
    assert len(lines) == len(EXISTING.splitlines()) + 1
    assert lines[-1].startswith("5 7 * * * ") and "remind --notify" in lines[-1]
    assert run("cron", "show", env=crontab).out.strip() == lines[-1]
    assert run("cron", "remove", env=crontab).out.startswith("Removed")
    assert table(crontab) == EXISTING
    assert "no trustlog line" in run("cron", "show", env=crontab).out
    assert "no trustlog line" in run("cron", "remove", env=crontab).out


def test_install_into_an_empty_crontab(run: Run, crontab: dict[str, str]) -> None:
    assert run("cron", "install", env=crontab).code == 0
    assert table(crontab).count("\n") == 1


def test_no_crontab_program_prints_the_line_to_add(run: Run, tmp_path: Path) -> None:
    result = run("cron", "install", "--at", "22:00", env={"PATH": str(tmp_path)})
    assert result.code == 1
    assert "no `crontab` program" in result.err
    assert "0 22 * * * " in result.err and "# trustlog-remind" in result.err
    assert run("cron", "show", env={"PATH": str(tmp_path)}).code == 1


@pytest.mark.parametrize("at", ["25:00", "21", "9pm", "21:60", ""])
def test_bad_times(run: Run, crontab: dict[str, str], at: str) -> None:
    result = run("cron", "install", "--at", at, env=crontab)
    assert result.code == 2
    assert not Path(crontab["CRONTAB_FILE"]).exists()


def test_the_installed_line_runs_with_cron_s_empty_environment(
    run: Run, crontab: dict[str, str], db_path: Path
) -> None:
    run("toward", "x")
    run("cron", "install", env=crontab)
    line = table(crontab).splitlines()[-1]
    command = line.split(None, 5)[5].rsplit("  # trustlog-remind", 1)[0]
    result = subprocess.run(
        ["env", "-i", "/bin/sh", "-c", command], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    # No desktop under env -i: the discreet line goes to stdout (so cron mail carries it).
    assert result.stdout.startswith("Time for tonight's check-in")
    from tests.test_e2e import trustlog_script

    checked = subprocess.run(
        [trustlog_script(), "--db", str(db_path), "checkin", "--yes"],
        capture_output=True,
        timeout=60,
    )
    assert checked.returncode == 0
    quiet = subprocess.run(
        ["env", "-i", "/bin/sh", "-c", command], capture_output=True, text=True, timeout=60
    )
    assert (quiet.returncode, quiet.stdout) == (0, "")
    assert shlex.split(command)[0].startswith("/")


def test_a_percent_in_the_journal_path_is_escaped_for_cron(
    run: Run, crontab: dict[str, str], tmp_path: Path
) -> None:
    odd = tmp_path / "100%" / "j.db"
    assert run("--db", str(odd), "cron", "install", env=crontab).code == 0
    assert "100\\%" in table(crontab)


def test_a_crontab_that_is_not_utf8_is_left_byte_for_byte(
    run: Run, crontab: dict[str, str]
) -> None:
    latin1 = "# caf\xe9 r\xe9veil\n0 6 * * * /usr/bin/true\n".encode("latin-1")
    Path(crontab["CRONTAB_FILE"]).write_bytes(latin1)
    for args in (("cron", "install"), ("cron", "show"), ("cron", "remove")):
        result = run(*args, env=crontab)
        assert result.code == 1, args
        assert "not UTF-8" in result.err and "unexpected" not in result.err
        assert Path(crontab["CRONTAB_FILE"]).read_bytes() == latin1


def test_a_commented_out_line_with_the_marker_is_the_users(
    run: Run, crontab: dict[str, str]
) -> None:
    commented = "# 30 21 * * * trustlog remind  # trustlog-remind\n"
    Path(crontab["CRONTAB_FILE"]).write_text(commented)
    assert "There is no trustlog line" in run("cron", "show", env=crontab).out
    assert run("cron", "install", env=crontab).code == 0
    assert table(crontab).startswith(commented)
    assert run("cron", "remove", env=crontab).code == 0
    assert table(crontab) == commented
