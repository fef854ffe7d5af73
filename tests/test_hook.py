"""The shell hook, run by the real shells: one discreet line on the evening's first prompt.

The shells read the wall clock, so each test sets TZ to an offset that puts the
local time where the test needs it (22:00 is after the 21:30 hour, 12:00 before).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from trustlog.app.errors import BadInput
from trustlog.features.checkin.hook import snippet
from trustlog.features.checkin.reviewed import mark_reviewed

LINE = "Time for tonight's check-in (trustlog checkin)"
SHELLS = ["bash", "zsh", "fish"]


def clock_at(hour: int, minute: int = 0) -> tuple[str, date]:
    """A TZ value whose local time now is hour:minute, and the local date it gives."""
    now = datetime.now(UTC)
    offset = (now.hour * 60 + now.minute) - (hour * 60 + minute)
    offset = (offset + 720) % 1440 - 720  # within ±12 h, as POSIX TZ wants
    sign = "+" if offset >= 0 else "-"  # POSIX: positive is west of Greenwich
    tz = f"TRL{sign}{abs(offset) // 60}:{abs(offset) % 60:02d}"
    return tz, (now - timedelta(minutes=offset)).date()


def need(shell: str) -> str:
    program = shutil.which(shell)
    if program is None:
        pytest.skip(f"{shell} is not installed (apt: {shell})")
    return program


def prompts_command(shell: str, rc: Path, count: int) -> list[str]:
    """Load the snippet, then fire the shell's own prompt hooks `count` times."""
    if shell == "bash":
        body = f"source {rc}" + '; eval "$PROMPT_COMMAND"' * count
        return ["bash", "--norc", "--noprofile", "-c", body]
    if shell == "zsh":
        body = f"source {rc}" + "; for f in $precmd_functions; do $f; done" * count
        return ["zsh", "-f", "-c", body]
    return ["fish", "--no-config", "-c", f"source {rc}" + "; emit fish_prompt" * count]


def write_rc(tmp_path: Path, shell: str, at: str = "21:30") -> Path:
    rc = tmp_path / f"trustlog.{shell}"
    rc.write_text(snippet(shell, at))
    return rc


def run_prompts(
    shell: str, tmp_path: Path, tz: str, count: int = 3, reviewed: date | None = None
) -> subprocess.CompletedProcess[str]:
    need(shell)
    state = tmp_path / "state"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(state), "TZ": tz}
    if reviewed is not None:
        assert mark_reviewed(reviewed, env)
    rc = write_rc(tmp_path, shell)
    return subprocess.run(
        prompts_command(shell, rc, count), env=env, capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize("shell", SHELLS)
def test_the_snippet_parses(shell: str, tmp_path: Path) -> None:
    program = need(shell)
    check = {"bash": "-n", "zsh": "-n", "fish": "--no-execute"}[shell]
    rc = write_rc(tmp_path, shell, "7:05")
    result = subprocess.run([program, check, str(rc)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "0705" in rc.read_text()


@pytest.mark.parametrize("shell", SHELLS)
def test_not_reviewed_after_the_hour_shows_the_line_once(shell: str, tmp_path: Path) -> None:
    tz, today = clock_at(22)
    result = run_prompts(shell, tmp_path, tz, reviewed=today - timedelta(days=1))
    assert (result.stdout, result.stderr) == (LINE + "\n", "")


@pytest.mark.parametrize("shell", SHELLS)
def test_never_reviewed_shows_the_line_without_complaint(shell: str, tmp_path: Path) -> None:
    tz, _ = clock_at(22)
    result = run_prompts(shell, tmp_path, tz)
    assert (result.stdout, result.stderr) == (LINE + "\n", "")


@pytest.mark.parametrize("shell", SHELLS)
def test_reviewed_today_shows_nothing(shell: str, tmp_path: Path) -> None:
    tz, today = clock_at(22)
    result = run_prompts(shell, tmp_path, tz, reviewed=today)
    assert (result.stdout, result.stderr) == ("", "")


@pytest.mark.parametrize("shell", SHELLS)
def test_before_the_hour_shows_nothing(shell: str, tmp_path: Path) -> None:
    tz, today = clock_at(12)
    result = run_prompts(shell, tmp_path, tz, reviewed=today - timedelta(days=1))
    assert (result.stdout, result.stderr) == ("", "")


def test_bash_keeps_the_user_s_prompt_command_and_exit_status(tmp_path: Path) -> None:
    need("bash")
    tz, _ = clock_at(22)
    rc = write_rc(tmp_path, "bash")
    script = (
        "PROMPT_COMMAND='echo mine;'; "
        f"source {rc}; source {rc}; "  # sourced twice: still one hook
        'printf "%s|" "$PROMPT_COMMAND"; echo; eval "$PROMPT_COMMAND"; '
        "false; __trustlog_prompt; echo status=$?"  # a PS1 showing $? still sees the command's
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TZ": tz}
    result = subprocess.run(
        ["bash", "--norc", "-c", script], env=env, capture_output=True, text=True
    )
    assert result.stdout.splitlines() == [
        "echo mine;",
        "__trustlog_prompt|",
        "mine",
        LINE,
        "status=1",
    ]


def test_zsh_adds_its_hook_once(tmp_path: Path) -> None:
    need("zsh")
    rc = write_rc(tmp_path, "zsh")
    script = f"precmd_functions=(mine); source {rc}; source {rc}; print -r -- $precmd_functions"
    result = subprocess.run(["zsh", "-f", "-c", script], capture_output=True, text=True)
    assert result.stdout == "mine __trustlog_prompt\n"


def test_an_unknown_shell_names_the_three() -> None:
    with pytest.raises(BadInput, match="bash, zsh or fish"):
        snippet("tcsh")
    with pytest.raises(BadInput, match="21:30"):
        snippet("bash", "9pm")


# --- the prompt path starts no Python, and costs little ---------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_the_prompt_path_runs_no_python(shell: str, tmp_path: Path) -> None:
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (apt: strace)")
    need(shell)
    tz, _ = clock_at(22)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TZ": tz}
    rc = write_rc(tmp_path, shell)
    trace = tmp_path / "trace.txt"
    command = [strace, "-f", "-qq", "-e", "trace=execve", "-o", str(trace)]
    result = subprocess.run(
        [*command, *prompts_command(shell, rc, 2)], env=env, capture_output=True, text=True
    )
    if result.returncode != 0 and "ptrace" in result.stderr:
        pytest.skip(f"strace cannot trace here: {result.stderr.strip()}")
    assert result.stdout == LINE + "\n"
    programs = [line.split('"')[1] for line in trace.read_text().splitlines() if "execve(" in line]
    assert not [p for p in programs if "python" in p or "trustlog" in p]
    # bash and zsh start nothing at all; fish, with no date builtin, one `date` a prompt.
    expected = 1 if shell != "fish" else 3
    assert len(programs) == expected, programs


def per_prompt_ms(shell: str, tmp_path: Path, tz: str) -> float:
    rc = write_rc(tmp_path, shell)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TZ": tz}

    def seconds(count: int) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(prompts_command(shell, rc, count), env=env, check=True)
            best = min(best, time.perf_counter() - started)
        return best

    prompts = 200
    return (seconds(prompts + 1) - seconds(1)) / prompts * 1000


@pytest.mark.parametrize("shell", SHELLS)
def test_a_prompt_costs_under_five_milliseconds(shell: str, tmp_path: Path) -> None:
    need(shell)
    tz, today = clock_at(22)
    # Reviewed today: every prompt walks the whole path (date, hour, read, compare).
    assert mark_reviewed(today, {"HOME": str(tmp_path)})
    cost = per_prompt_ms(shell, tmp_path, tz)
    print(f"{shell}: {cost:.3f} ms a prompt")
    assert cost < 5


# --- a real interactive session -------------------------------------------------------------


def interactive(shell: str, tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    rc = write_rc(tmp_path, shell)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "dumb"}
    if shell == "bash":
        (tmp_path / "bashrc").write_text(f"PS1='TL> '\nsource {rc}\n")
        return ["bash", "--noprofile", "--rcfile", str(tmp_path / "bashrc"), "-i"], env
    if shell == "zsh":
        (tmp_path / ".zshrc").write_text(f"PS1='TL> '\nsource {rc}\n")
        return ["zsh", "-i"], {**env, "ZDOTDIR": str(tmp_path)}
    config = tmp_path / "config" / "fish"
    config.mkdir(parents=True)
    (config / "config.fish").write_text(f"function fish_prompt; echo -n 'TL> '; end\nsource {rc}\n")
    return ["fish", "-i"], {**env, "XDG_CONFIG_HOME": str(tmp_path / "config")}


@pytest.mark.parametrize("shell", SHELLS)
def test_an_interactive_evening(shell: str, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    need(shell)
    tz, today = clock_at(22)
    argv, env = interactive(shell, tmp_path)
    env = {**env, "TZ": tz}
    assert mark_reviewed(today - timedelta(days=1), env)
    screen = io.StringIO()
    session = pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=10)
    session.logfile_read = screen
    try:
        session.expect_exact("TL> ")
        for word in ("one", "two", "three"):
            # The shell echoes one-''done as typed; only the command's output reads one-done.
            session.sendline(f"echo {word}-''done")
            session.expect_exact(f"{word}-done")
            session.expect_exact("TL> ")
        session.sendline("exit")
        session.expect(pexpect.EOF)
    finally:
        session.close(force=True)
    assert screen.getvalue().count(LINE) == 1


@pytest.mark.parametrize("shell", SHELLS)
def test_the_hook_tells_captures_its_hour(shell: str, tmp_path: Path) -> None:
    # A review: after `hook bash --at 20:00`, a capture at 20:30 did not quiet the
    # hook (captures counted only from 21:30). The snippet exports its hour.
    need(shell)
    rc = tmp_path / f"trustlog.{shell}"
    rc.write_text(snippet(shell, "20:00"))
    show = {
        "bash": ["bash", "--norc", "--noprofile", "-c", f"source {rc}; echo $TRUSTLOG_CHECKIN_AT"],
        "zsh": ["zsh", "-f", "-c", f"source {rc}; echo $TRUSTLOG_CHECKIN_AT"],
        "fish": ["fish", "--no-config", "-c", f"source {rc}; echo $TRUSTLOG_CHECKIN_AT"],
    }[shell]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(show, env=env, capture_output=True, text=True, timeout=30)
    assert done.stdout == "20:00\n", done.stderr
