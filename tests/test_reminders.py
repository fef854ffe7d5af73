"""The nightly reminder end to end: `remind`, `schedule`, `hook`, `prompt` and the marker.

Stand-ins on PATH, never the real tools: a `notify-send` that records its
arguments, a `systemctl` that records its calls, the stand-in `crontab` of
test_cron. A real notification daemon is exercised in test_notify.py.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import TODAY, Run
from tests.test_cron import crontab, table  # noqa: F401  (the stand-in crontab fixture)
from tests.test_e2e import trustlog_script
from tests.test_notify import listening_socket
from tests.test_schedule import STAND_IN as SYSTEMCTL
from trustlog.app.clock import FixedClock
from trustlog.features.checkin.notify import DISCREET_REMINDER
from trustlog.main import main

NOTIFIER = """#!/bin/sh
printf '%s\\n' "$@" > "{record}"
{tail}
"""


def notifier(tmp_path: Path, tail: str = "exit 0") -> tuple[dict[str, str], Path]:
    """A PATH with a recording `notify-send`, and a session bus address for it."""
    bin_dir = tmp_path / "notifybin"
    bin_dir.mkdir(exist_ok=True)
    record = tmp_path / "notified.txt"
    program = bin_dir / "notify-send"
    program.write_text(NOTIFIER.format(record=record, tail=tail))
    program.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/x/bus"}
    return env, record


def test_a_shown_notification_is_discreet_and_prints_nothing(run: Run, tmp_path: Path) -> None:
    env, record = notifier(tmp_path)
    run("promise", "call", "mum", "--due", "today")
    shown = run("remind", env=env)
    assert (shown.code, shown.out, shown.err) == (0, "", "")
    assert record.read_text().splitlines()[-1] == DISCREET_REMINDER
    assert "mum" not in record.read_text()
    detailed = run("remind", "--detailed", env=env)
    assert detailed.out == ""
    assert record.read_text().splitlines()[-1] == f"{DISCREET_REMINDER} — 1 promise due"
    record.unlink()
    printed = run("remind", "--print", env=env)
    assert printed.out == f"{DISCREET_REMINDER}\n" and not record.exists()


def test_notify_only_is_silent_without_a_desktop(run: Run, tmp_path: Path) -> None:
    quiet = run("remind", "--notify", env={"PATH": "/nonexistent"})
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    both = run("remind", "--notify", "--print")
    assert both.code == 2 and "not both" in both.err


def test_config_asks_for_the_detailed_reminder(run: Run) -> None:
    assert run("config", "set", "remind.detailed", "true").code == 0
    assert run("remind").out.endswith("— no promises due\n")
    assert run("remind", "--discreet").out == f"{DISCREET_REMINDER}\n"
    bad = run("config", "set", "remind.detailed", "maybe")
    assert bad.code == 2 and "true or false" in bad.err


def test_a_hung_notifier_costs_at_most_five_seconds(tmp_path: Path, db_path: Path) -> None:
    env, _ = notifier(tmp_path, tail="exec sleep 30")

    def remind(*mode: str) -> tuple[float, subprocess.CompletedProcess[str]]:
        started = time.monotonic()
        done = subprocess.run(
            [trustlog_script(), "--db", str(db_path), "remind", *mode],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=30,
        )
        return time.monotonic() - started, done

    # The same run without a notification: what starting trustlog costs on this machine.
    baseline, _ = remind("--print")
    took, result = remind()
    assert took - baseline < 6
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == f"Time for tonight's check-in (trustlog --db {db_path} checkin)\n"


def test_the_cron_line_notifies_from_cron_s_bare_environment(
    run: Run,
    crontab: dict[str, str],  # noqa: F811
    db_path: Path,
    tmp_path: Path,
) -> None:
    run("toward", "x")
    assert run("schedule", "install", "--cron", env=crontab).code == 0
    line = table(crontab).splitlines()[-1]
    command = line.split(None, 5)[5].rsplit("  # trustlog-remind", 1)[0]
    env, record = notifier(tmp_path)
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    bus = listening_socket(runtime / "bus")
    try:
        # What cron (with pam_systemd) gives a job: no DBUS_SESSION_BUS_ADDRESS at all.
        bare = [f"HOME={tmp_path}", "LOGNAME=me", "SHELL=/bin/sh", f"PATH={env['PATH']}"]
        if os.environ.get("PYTHONPATH"):  # a source checkout run without installing it
            bare.append(f"PYTHONPATH={os.path.abspath(os.environ['PYTHONPATH'])}")
        result = subprocess.run(
            ["env", "-i", *bare, f"XDG_RUNTIME_DIR={runtime}", "/bin/sh", "-c", command],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        bus.close()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    shown = record.read_text()
    assert shown.splitlines()[-1].startswith("Time for tonight's check-in (trustlog --db")
    assert shlex.split(command)[0].startswith("/")


@pytest.fixture
def systemctl(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "systemdbin"
    bin_dir.mkdir()
    program = bin_dir / "systemctl"
    program.write_text(SYSTEMCTL)
    program.chmod(0o755)
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "SYSTEMCTL_CALLS": str(tmp_path / "calls.txt"),
        "FAIL_ON": "none",
    }


def test_schedule_prefers_a_systemd_timer(run: Run, systemctl: dict[str, str]) -> None:
    installed = run("schedule", "install", "--at", "21:45", env=systemctl)
    assert installed.code == 0, installed.err
    units = Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"
    timer = (units / "trustlog-remind.timer").read_text()
    assert "OnCalendar=*-*-* 21:45:00" in timer and "Persistent=true" in timer
    assert " remind" in (units / "trustlog-remind.service").read_text()
    assert oct((units / "trustlog-remind.timer").stat().st_mode & 0o777) == "0o600"
    calls = Path(systemctl["SYSTEMCTL_CALLS"]).read_text().splitlines()
    assert "--user enable --now trustlog-remind.timer" in calls
    analyze = shutil.which("systemd-analyze")
    if analyze is not None:
        verify = subprocess.run(
            [analyze, "verify", "--user", "--man=no", "--generators=no",
             str(units / "trustlog-remind.timer"), str(units / "trustlog-remind.service")],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "XDG_RUNTIME_DIR": str(units.parent)},
        )  # fmt: skip
        if "Failed to initialize manager" not in verify.stderr:
            assert verify.returncode == 0, verify.stderr
    shown = run("schedule", "show", env=systemctl)
    assert shown.out.startswith("systemd: ") and "21:45" in shown.out
    removed = run("schedule", "remove", env=systemctl)
    assert removed.out == "Removed the reminder (systemd).\n"
    assert not (units / "trustlog-remind.timer").exists()
    assert (
        "--user disable --now trustlog-remind.timer"
        in Path(systemctl["SYSTEMCTL_CALLS"]).read_text()
    )
    assert run("schedule", "show", env=systemctl).out.startswith("No reminder is scheduled")


def test_schedule_falls_back_to_cron_without_systemd(
    run: Run,
    crontab: dict[str, str],  # noqa: F811
) -> None:
    installed = run("schedule", "install", "--at", "20:15", env=crontab)
    assert installed.code == 0, installed.err
    assert table(crontab).splitlines()[-1].startswith("15 20 * * * /")
    assert run("schedule", "show", env=crontab).out.startswith("cron: your crontab")
    assert run("cron", "show", env=crontab).out.startswith("15 20 * * *")
    refused = run("schedule", "install", "--systemd", env=crontab)
    assert refused.code == 1 and "--cron" in refused.err
    assert run("schedule", "remove", env=crontab).out == "Removed the reminder (cron).\n"
    assert "trustlog-remind" not in table(crontab)
    bad = run("schedule", "install", "--at", "25:00", env=crontab)
    assert bad.code == 2 and "21:30" in bad.err


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_hook_prints_a_snippet_the_shell_accepts(run: Run, shell: str, tmp_path: Path) -> None:
    program = shutil.which(shell)
    result = run("hook", shell, "--at", "20:00")
    assert result.code == 0 and "2000" in result.out
    if program is None:
        pytest.skip(f"{shell} is not installed")
    rc = tmp_path / "rc"
    rc.write_text(result.out)
    check = "--no-execute" if shell == "fish" else "-n"
    assert subprocess.run([program, check, str(rc)], timeout=30).returncode == 0
    assert run("hook", "tcsh").code == 2


def test_prompt_gives_one_suggestion_the_same_all_day(run: Run) -> None:
    first = run("prompt")
    assert first.code == 0 and first.out.startswith("For tomorrow: ")
    assert run("prompt").out == first.out
    data = run("prompt", "--json").json()
    assert set(data) == {"practice", "title", "text", "why"}  # type: ignore[arg-type]


def marker() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "trustlog" / "reviewed"


def at(hour: int, minute: int) -> FixedClock:
    local = datetime(2026, 11, 25, hour, minute).astimezone()
    return FixedClock(TODAY, local.astimezone(UTC))


def test_a_capture_after_the_hour_marks_the_day_reviewed(db_path: Path) -> None:
    assert main(["toward", "early", "chat"], clock=at(9, 0)) == 0
    assert not marker().exists()
    assert main(["toward", "late", "chat"], clock=at(22, 5)) == 0
    assert marker().read_text() == "2026-11-25\n"
    assert oct(marker().stat().st_mode & 0o777) == "0o600"


def test_a_checkin_marks_the_day_reviewed(run: Run) -> None:
    assert run("checkin", "--yes").code == 0
    assert marker().read_text() == "2026-11-25\n"


def test_a_capture_after_the_hooks_own_hour_marks_the_day(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTLOG_CHECKIN_AT", "20:00")  # what `hook bash --at 20:00` exports
    assert main(["toward", "before", "it"], clock=at(19, 55)) == 0
    assert not marker().exists()
    assert main(["toward", "after", "it"], clock=at(20, 30)) == 0
    assert marker().read_text() == "2026-11-25\n"
    monkeypatch.setenv("TRUSTLOG_CHECKIN_AT", "25:99")  # nonsense: the usual 21:30
    marker().unlink()
    assert main(["toward", "again"], clock=at(21, 0)) == 0
    assert not marker().exists()


def test_a_capture_about_yesterday_does_not_quiet_tonight(db_path: Path) -> None:
    # A review: `toward --on yesterday …` after the hour marked today as looked at.
    assert main(["toward", "--on", "yesterday", "late", "note"], clock=at(22, 5)) == 0
    assert not marker().exists()
