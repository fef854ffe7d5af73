"""The systemd user timer, with a stand-in `systemctl` on PATH: the real one is never touched."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.features.checkin.schedule import (
    SERVICE,
    TIMER,
    install_timer,
    remove_timer,
    systemd_available,
    timer_installed,
    unit_files,
)

STAND_IN = """#!/bin/sh
# A stand-in systemctl: records each call; $FAIL_ON names a verb that fails.
echo "$*" >> "$SYSTEMCTL_CALLS"
case " $* " in
  *" $FAIL_ON "*) echo "Failed to connect to bus: No medium found" >&2; exit 1 ;;
esac
[ -n "$HANG" ] && exec sleep 30
exit 0
"""

TRUSTLOG = "/usr/local/bin/trustlog"


@pytest.fixture
def systemctl(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    program = bin_dir / "systemctl"
    program.write_text(STAND_IN)
    program.chmod(0o755)
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / "config"),
        "SYSTEMCTL_CALLS": str(tmp_path / "calls.txt"),
        "FAIL_ON": "none",
    }


def calls(env: dict[str, str]) -> list[str]:
    path = Path(env["SYSTEMCTL_CALLS"])
    return path.read_text().splitlines() if path.exists() else []


def test_the_units_run_remind_on_this_journal_each_evening(tmp_path: Path) -> None:
    files = unit_files([TRUSTLOG], tmp_path / "j.db", "21:30")
    service, timer = files[SERVICE], files[TIMER]
    assert "Type=oneshot\n" in service
    assert f"ExecStart={TRUSTLOG} --db {tmp_path}/j.db remind\n" in service
    assert "OnCalendar=*-*-* 21:30:00\n" in timer
    assert "Persistent=true\n" in timer
    assert "WantedBy=timers.target\n" in timer
    assert "OnCalendar=*-*-* 07:05:00\n" in unit_files([TRUSTLOG], tmp_path, "7:05")[TIMER]


def test_odd_journal_paths_are_quoted_for_systemd(tmp_path: Path) -> None:
    odd = Path('/home/me/100% "sure"/$HOME\\x.db')
    service = unit_files(["/opt/my tools/trustlog"], odd, "22:00")[SERVICE]
    exec_line = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert exec_line == (
        'ExecStart="/opt/my tools/trustlog" --db "/home/me/100%% \\"sure\\"/$$HOME\\\\x.db" remind'
    )


@pytest.mark.parametrize("at", ["25:00", "21", "9pm", "21:60", "", "21:3", "-1:30"])
def test_bad_times(tmp_path: Path, at: str) -> None:
    with pytest.raises(BadInput, match="21:30"):
        unit_files([TRUSTLOG], tmp_path / "j.db", at)


def test_install_writes_private_units_and_starts_the_timer(systemctl: dict[str, str]) -> None:
    files = unit_files([TRUSTLOG], Path("/j.db"), "21:30")
    before = os.umask(0)
    try:
        timer = install_timer(files, systemctl)
    finally:
        os.umask(before)
    folder = Path(systemctl["XDG_CONFIG_HOME"]) / "systemd" / "user"
    assert timer == folder / TIMER == timer_installed(systemctl)
    assert (folder / SERVICE).read_text() == files[SERVICE]
    assert timer.read_text() == files[TIMER]
    assert calls(systemctl) == ["--user daemon-reload", f"--user enable --now {TIMER}"]
    for made in (folder, folder.parent, folder.parent.parent):
        assert made.stat().st_mode & 0o777 == 0o700
    assert timer.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in folder.iterdir()) == [SERVICE, TIMER]  # no temp files left

    remove_timer(systemctl)
    assert timer_installed(systemctl) is None
    assert list(folder.iterdir()) == []
    assert calls(systemctl)[2:] == [f"--user disable --now {TIMER}", "--user daemon-reload"]


def test_a_refusing_systemd_is_one_clear_line_and_leaves_nothing(
    systemctl: dict[str, str],
) -> None:
    systemctl["FAIL_ON"] = "enable"
    with pytest.raises(TrustlogError) as caught:
        install_timer(unit_files([TRUSTLOG], Path("/j.db"), "21:30"), systemctl)
    message = caught.value.message
    assert message == (
        f"`systemctl --user enable --now {TIMER}` failed: Failed to connect to bus: No medium found"
    )
    assert timer_installed(systemctl) is None
    assert not (Path(systemctl["XDG_CONFIG_HOME"]) / "systemd" / "user" / SERVICE).exists()


def test_no_systemctl_at_all(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    assert systemd_available(env) is False
    with pytest.raises(TrustlogError, match="no `systemctl`"):
        install_timer(unit_files([TRUSTLOG], Path("/j.db"), "21:30"), env)


def test_systemd_available_asks_the_user_manager(systemctl: dict[str, str]) -> None:
    assert systemd_available(systemctl) is True
    assert calls(systemctl) == ["--user show-environment"]
    systemctl["FAIL_ON"] = "show-environment"
    assert systemd_available(systemctl) is False


def test_a_hung_systemctl_counts_as_no_systemd_within_three_seconds(
    systemctl: dict[str, str],
) -> None:
    systemctl["HANG"] = "1"
    started = time.monotonic()
    assert systemd_available(systemctl) is False
    assert time.monotonic() - started < 4


def test_systemd_analyze_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (apt: systemd)")
    # A trustlog and a journal in folders whose names need every kind of escaping: a word
    # split or a specifier left unescaped makes `verify` fail.
    tools = tmp_path / "my tools %n"
    tools.mkdir()
    program = tools / "trustlog"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    files = unit_files([str(program)], tmp_path / '100% "me"' / "$HOME.db", "06:45")
    units = tmp_path / "units"
    units.mkdir()
    for name, text in files.items():
        (units / name).write_text(text)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "SYSTEMD_LOG_LEVEL": "notice"}
    result = subprocess.run(
        [analyze, "verify", "--user", "--man=no", "--generators=no",
         str(units / TIMER), str(units / SERVICE)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    if "Failed to initialize manager" in result.stderr:
        pytest.skip(f"systemd-analyze cannot run here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    assert "%n" not in result.stderr and "is not executable" not in result.stderr


def test_remove_takes_the_timer_away_even_when_systemd_cannot_be_reached(
    systemctl: dict[str, str], tmp_path: Path
) -> None:
    # A review: a timer installed at the desktop, then `schedule remove` over ssh
    # (no user bus) failed on the first systemctl call and removed nothing.
    from trustlog.features.checkin import routine

    install_timer(unit_files([TRUSTLOG], tmp_path / "j.db", "21:30"), systemctl)
    folder = Path(systemctl["XDG_CONFIG_HOME"]) / "systemd" / "user"
    (folder / "timers.target.wants").mkdir()
    (folder / "timers.target.wants" / TIMER).symlink_to(folder / TIMER)
    systemctl["FAIL_ON"] = "--user"  # every call: "Failed to connect to bus"
    systemctl["PATH"] = systemctl["PATH"].split(":")[0]  # no real crontab is touched
    removed, note = routine.remove(systemctl)
    assert removed == ["systemd"] and timer_installed(systemctl) is None
    assert not (folder / "timers.target.wants" / TIMER).is_symlink()
    assert note is not None and "Failed to connect to bus" in note and "next login" in note


def test_a_refused_new_timer_keeps_the_reminder_already_there(
    systemctl: dict[str, str], tmp_path: Path
) -> None:
    # A review: `schedule install --at 22:00` refused by systemd deleted the working
    # 21:30 reminder too, and said only that the new one failed.
    first = install_timer(unit_files([TRUSTLOG], tmp_path / "j.db", "21:30"), systemctl)
    kept = first.read_text()
    systemctl["FAIL_ON"] = "enable"
    with pytest.raises(TrustlogError) as caught:
        install_timer(unit_files([TRUSTLOG], tmp_path / "j.db", "22:00"), systemctl)
    assert caught.value.message.endswith("; the reminder you had is kept.")
    assert timer_installed(systemctl) == first and first.read_text() == kept
    assert "21:30" in kept and calls(systemctl)[-1] == "--user daemon-reload"
