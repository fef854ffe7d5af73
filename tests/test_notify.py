"""Desktop notifications: stand-in `notify-send`s on PATH, and a real one on a private bus."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustlog.features.checkin.notify import DISCREET_REMINDER, notify, session_bus

RECORDER = """#!/bin/sh
printf '%s\\n' "$@" > "{record}"
printf 'bus=%s\\n' "$DBUS_SESSION_BUS_ADDRESS" >> "{record}"
{tail}
"""


def stand_in(tmp_path: Path, tail: str = "exit 0") -> tuple[dict[str, str], Path]:
    """A PATH holding only a recording `notify-send` (plus what /bin/sh needs)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "record.txt"
    program = bin_dir / "notify-send"
    program.write_text(RECORDER.format(record=record, tail=tail))
    program.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/x/bus"}
    return env, record


def listening_socket(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    return server


def test_the_discreet_text_reaches_notify_send_with_the_bus(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    env, record = stand_in(tmp_path)
    assert notify("trustlog", DISCREET_REMINDER, env) is True
    assert record.read_text().splitlines() == [
        "--app-name=trustlog",
        "trustlog",
        "Time for tonight's check-in (trustlog checkin)",
        "bus=unix:path=/x/bus",
    ]
    assert capfd.readouterr() == ("", "")


def test_under_cron_the_bus_is_found_in_the_runtime_dir(tmp_path: Path) -> None:
    env, record = stand_in(tmp_path)
    runtime = tmp_path / "run me"
    runtime.mkdir()
    with listening_socket(runtime / "bus"):
        cron_env = {"PATH": env["PATH"], "XDG_RUNTIME_DIR": str(runtime)}
        assert notify("trustlog", DISCREET_REMINDER, cron_env) is True
    bus = record.read_text().splitlines()[-1]
    assert bus == f"bus=unix:path={runtime}/bus".replace(" ", "%20")


def test_a_failing_notifier_is_false_and_silent(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    env, record = stand_in(tmp_path, tail="echo 'Cannot autolaunch D-Bus' >&2; exit 1")
    assert notify("trustlog", DISCREET_REMINDER, env) is False
    assert record.exists()
    assert capfd.readouterr() == ("", "")


def test_a_missing_notifier_or_bus_is_false(tmp_path: Path) -> None:
    assert notify("trustlog", DISCREET_REMINDER, {"PATH": str(tmp_path)}) is False
    env, record = stand_in(tmp_path)
    no_bus = {"PATH": env["PATH"], "XDG_RUNTIME_DIR": str(tmp_path / "nowhere")}
    if session_bus(no_bus, os.getuid()) is not None:
        pytest.skip("this machine has a real /run/user/<uid>/bus")
    assert notify("trustlog", DISCREET_REMINDER, no_bus) is False
    assert not record.exists()


def process_gone(pid: int) -> bool:
    """Dead or a zombie, within a moment (a SIGKILL lands asynchronously)."""
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            return True
        if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
            return True
        time.sleep(0.02)
    return False


def test_a_hung_notifier_is_cut_off_at_the_limit_with_its_children(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real 5-second limit is timed end to end by test_reminders; here a shorter
    # one shows that the whole process group goes when it runs out.
    from trustlog.features.checkin import notify as notifier

    monkeypatch.setattr(notifier, "NOTIFY_LIMIT", 1.0)
    pid_file = tmp_path / "sleeper.pid"
    env, _ = stand_in(tmp_path, tail=f"sleep 30 & echo $! > {pid_file}; wait")
    started = time.monotonic()
    assert notify("trustlog", DISCREET_REMINDER, env) is False
    assert time.monotonic() - started < 2
    assert process_gone(int(pid_file.read_text()))
    assert capfd.readouterr() == ("", "")


def test_session_bus_discovery(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    missing_uid = 2_000_000_000
    assert session_bus({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/a"}, missing_uid) == "unix:path=/a"
    assert session_bus({"XDG_RUNTIME_DIR": str(runtime)}, missing_uid) is None
    (runtime / "bus").write_text("not a socket")
    assert session_bus({"XDG_RUNTIME_DIR": str(runtime)}, missing_uid) is None
    (runtime / "bus").unlink()
    with listening_socket(runtime / "bus"):
        found = session_bus({"XDG_RUNTIME_DIR": str(runtime), "DBUS_SESSION_BUS_ADDRESS": ""}, 0)
        assert found == f"unix:path={runtime}/bus"
    assert session_bus({}, missing_uid) is None


# --- a real notification: dbus-daemon + dunst under Xvfb ------------------------------------


def _start(argv: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )


def _stop(processes: list[subprocess.Popen[str]]) -> None:
    for process in reversed(processes):
        process.kill()
        process.wait()


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private session bus with dunst showing notifications on a virtual display."""
    missing = [p for p in ("Xvfb", "dbus-daemon", "dunst", "dunstctl", "notify-send")
               if shutil.which(p) is None]  # fmt: skip
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt: xvfb dbus dunst libnotify-bin)")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    started: list[subprocess.Popen[str]] = []
    try:
        xvfb = _start(["Xvfb", "-displayfd", "1", "-nolisten", "tcp"], env)
        started.append(xvfb)
        assert xvfb.stdout is not None
        env["DISPLAY"] = ":" + xvfb.stdout.readline().strip()
        bus = _start(["dbus-daemon", "--session", "--nofork", "--print-address=1"], env)
        started.append(bus)
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        config = tmp_path / "dunstrc"
        config.write_text("[global]\n")
        started.append(_start(["dunst", "-conf", str(config)], env))
        if not _wait_for_dunst(env):
            pytest.skip("dunst did not take the notification service on the private bus")
        yield env
    finally:
        _stop(started)


def _wait_for_dunst(env: dict[str, str]) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        probe = subprocess.run(["dunstctl", "count", "displayed"], env=env, capture_output=True)
        if probe.returncode == 0:
            return True
        time.sleep(0.1)
    return False


def test_a_real_notification_is_shown_from_a_cron_like_environment(
    desktop: dict[str, str], tmp_path: Path
) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    # Cron's environment has no bus variable: only the runtime dir's socket leads to it.
    address = desktop["DBUS_SESSION_BUS_ADDRESS"].split(",")[0]
    if not address.startswith("unix:path="):
        pytest.skip(f"the private bus is not a socket file ({address})")
    address = address.removeprefix("unix:path=")
    (runtime / "bus").symlink_to(address)
    cron_env = {"PATH": desktop["PATH"], "XDG_RUNTIME_DIR": str(runtime)}
    assert notify("trustlog", DISCREET_REMINDER, cron_env) is True
    count = subprocess.run(
        ["dunstctl", "count", "displayed"], env=desktop, capture_output=True, text=True
    )
    assert count.stdout.strip() == "1"
    subprocess.run(["dunstctl", "close-all"], env=desktop, check=True)
    history = json.loads(
        subprocess.run(
            ["dunstctl", "history"], env=desktop, capture_output=True, text=True, check=True
        ).stdout
    )
    shown = history["data"][0][0]
    assert shown["appname"]["data"] == "trustlog"
    assert shown["body"]["data"] == DISCREET_REMINDER
