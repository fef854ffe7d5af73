"""Shell completion: the answers trustlog gives at a TAB, and real shells asking for them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import Run

SRC = Path(__file__).parent.parent / "src"


@pytest.fixture
def promised(run: Run) -> Run:
    assert run("promise", "Sunday walk together", "--every", "sunday").code == 0
    assert run("promise", "Call: before 6pm", "--due", "2026-11-30").code == 0
    assert run("injury", "kept a bill from her", "--severity", "major", "--me").code == 0
    run("toward", "asked about her day")
    return run


def _lines(result: object) -> list[str]:
    return str(getattr(result, "out", "")).splitlines()


def test_commands_and_options(run: Run) -> None:
    assert [line.split("\t")[0] for line in _lines(run("__complete", "--", "promi"))] == [
        "promise",
        "promises",
    ]
    options = [line.split("\t")[0] for line in _lines(run("__complete", "--", "chart", "--"))]
    assert {"--since", "--until", "--svg", "--dark", "--help"} <= set(options)
    assert "completion" in run("__complete", "--", "comp").out
    assert "__complete" not in run("__complete", "--", "").out  # hidden


def test_ids_with_their_titles(promised: Run) -> None:
    assert _lines(promised("__complete", "--", "kept", "")) == [
        "1\tSunday walk together",
        "2\tCall: before 6pm",
    ] or set(_lines(promised("__complete", "--", "kept", ""))) == {
        "1\tSunday walk together",
        "2\tCall: before 6pm",
    }
    assert _lines(promised("__complete", "--", "kept", "2")) == ["2\tCall: before 6pm"]
    (injury,) = _lines(promised("__complete", "--", "repair", ""))
    assert injury.startswith("1\t2026-11-25 kept a bill from her")
    entries = _lines(promised("__complete", "--", "rm", ""))
    assert any("toward +1 asked about her day" in line for line in entries)
    assert promised("__complete", "--", "kept", "1", "").out == ""  # a note: nothing to offer
    assert promised("__complete", "--", "export", "-o", "").out == ""  # a file: the shell's


def test_nothing_when_there_is_no_journal_or_it_is_not_one(run: Run, db_path: Path) -> None:
    result = run("__complete", "--", "kept", "")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert not db_path.exists()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"not a journal at all" * 100)
    result = run("__complete", "--", "kept", "")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert db_path.read_bytes() == b"not a journal at all" * 100


def test_scripts_and_a_bad_shell(run: Run) -> None:
    for shell, marker in (("bash", "complete -o default -F"), ("zsh", "compdef _trustlog"),
                          ("fish", "complete -c trustlog")):  # fmt: skip
        result = run("completion", shell)
        assert result.code == 0 and marker in result.out and "trustlog __complete --" in result.out
    bad = run("completion", "powershell")
    assert bad.code == 2 and bad.err.startswith("trustlog: completion: 'powershell'")


def _bin(tmp_path: Path) -> Path:
    """A `trustlog` on PATH that runs this checkout, as an installed console script would."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "trustlog"
    script.write_text(f'#!/bin/sh\nPYTHONPATH="{SRC}" exec "{sys.executable}" -m trustlog "$@"\n')
    script.chmod(0o755)
    return folder


def _screen(session: str) -> str:
    return subprocess.run(["tmux", "-L", session, "capture-pane", "-p", "-t", session], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip


def keys(session: str, *typed: str) -> None:
    subprocess.run(["tmux", "-L", session, "send-keys", "-t", session, *typed], check=True)


def _wait_for(session: str, words: str, seconds: float = 20) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        screen = _screen(session)
        if words in screen:
            return screen
        time.sleep(0.2)
    return _screen(session)


def test_bash_under_tmux(promised: Run, tmp_path: Path) -> None:
    if shutil.which("tmux") is None or shutil.which("bash") is None:
        pytest.skip("tmux and bash drive a real terminal")
    script = tmp_path / "trustlog.bash"
    script.write_text(promised("completion", "bash").out)
    rc = tmp_path / "bashrc"
    rc.write_text(f"PS1='$ '\nsource {script}\n")
    env = dict(os.environ, PATH=f"{_bin(tmp_path)}:{os.environ['PATH']}", TERM="xterm")
    session = f"trustlog-completion-{os.getpid()}"
    # Its own server (-L): a session on a server another test started would take
    # that server's environment, not ZDOTDIR and PATH given here.
    subprocess.run(["tmux", "-L", session, "new-session", "-d", "-s", session, "-x", "120",
                    "-y", "30", f"bash --noprofile --rcfile {rc} -i"],
                   check=True, env=env)  # fmt: skip
    try:
        _wait_for(session, "$")
        keys(session, "trustlog promi", "Tab")
        _wait_for(session, "$ trustlog promise")
        keys(session, "Tab", "Tab")
        screen = _wait_for(session, "promises")
        assert "promise" in screen and "promises" in screen, screen
        keys(session, "C-u", "trustlog kept ", "Tab")
        time.sleep(1)
        keys(session, "Tab")
        screen = _wait_for(session, "Sunday walk together")
        assert "1    -- Sunday walk together" in screen and "2    -- Call: before 6pm" in screen
        keys(session, "C-u", "trustlog kept 2", "Tab")
        time.sleep(1)
        keys(session, "done")
        screen = _wait_for(session, "$ trustlog kept 2 done")
        assert "$ trustlog kept 2 done" in screen, screen  # one choice: just its id goes in
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], check=False)


def test_fish_asks_the_same_questions(promised: Run, tmp_path: Path) -> None:
    fish = shutil.which("fish")
    if fish is None:
        pytest.skip("fish is not installed")
    script = tmp_path / "trustlog.fish"
    script.write_text(promised("completion", "fish").out)
    env = dict(os.environ, PATH=f"{_bin(tmp_path)}:{os.environ['PATH']}")
    result = subprocess.run(
        [fish, "--no-config", "-c", f"source {script}; complete -C 'trustlog kept '; "
         "complete -C 'trustlog pro'"],
        check=True, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert "1\tSunday walk together" in lines and "2\tCall: before 6pm" in lines
    assert any(line.startswith("promises\t") for line in lines)


def test_zsh_under_tmux(promised: Run, tmp_path: Path) -> None:
    if shutil.which("tmux") is None or shutil.which("zsh") is None:
        pytest.skip("tmux and zsh drive a real terminal")
    script = tmp_path / "trustlog.zsh"
    script.write_text(promised("completion", "zsh").out)
    home = tmp_path / "zdot"
    home.mkdir()
    (home / ".zshrc").write_text(
        f"PS1='%% '\nautoload -Uz compinit && compinit -u\nsource {script}\n"
    )
    env = dict(os.environ, PATH=f"{_bin(tmp_path)}:{os.environ['PATH']}", TERM="xterm",
               ZDOTDIR=str(home))  # fmt: skip
    session = f"trustlog-zsh-{os.getpid()}"
    # Its own server (-L): a session on a server another test started would take
    # that server's environment, not ZDOTDIR and PATH given here.
    subprocess.run(["tmux", "-L", session, "new-session", "-d", "-s", session, "-x", "120",
                    "-y", "30", "zsh -i"], check=True, env=env)  # fmt: skip
    try:
        _wait_for(session, "%")
        keys(session, "trustlog kept ", "Tab")
        screen = _wait_for(session, "Sunday walk together")
        assert "1  -- Sunday walk together" in screen and "2  -- Call: before 6pm" in screen, screen
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], check=False)
