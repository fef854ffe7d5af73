"""Sync through real folders: a git repository, conflict copies, a killed sync,
a batch still arriving, a deletion that must stay deleted."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from test_sync import Device, connect, deliver, settle

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def pair(tmp_path: Path) -> list[Device]:
    devices = [Device(tmp_path, "laptop"), Device(tmp_path, "desktop")]
    connect(devices, NOW)
    return devices


def test_second_sync_writes_nothing_and_says_so(pair: list[Device]) -> None:
    laptop, _desktop = pair
    before = laptop.files()
    code, _out, err = laptop.run(NOW, "sync")
    assert code == 0 and err.strip() == "Synced: nothing new."
    assert laptop.files() == before


def test_a_deletion_is_never_undone_by_an_older_batch(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.ok(NOW, "toward", "made tea")
    laptop.ok(NOW, "sync")
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync")
    made_tea = next(e for e in _live(desktop) if e["note"] == "made tea")
    desktop.ok(NOW + timedelta(minutes=5), "rm", str(made_tea["id"]))
    desktop.ok(NOW + timedelta(minutes=5), "sync")
    for path in (laptop.folder / "trustlog").rglob("*.batch"):  # the old batch again
        path.touch()
    deliver(desktop, laptop)
    settle(pair, NOW + timedelta(minutes=9))
    assert all(e["note"] != "made tea" for device in pair for e in _live(device))


def test_a_batch_still_arriving_is_skipped_in_one_line(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.ok(NOW, "toward", "kind words")
    laptop.ok(NOW, "sync")
    deliver(laptop, desktop, whole=False)
    code, _out, err = desktop.run(NOW, "sync")
    assert code == 0
    assert "is still arriving; it will be taken next time." in err
    assert all(e["note"] != "kind words" for e in _live(desktop))
    status = desktop.ok(NOW, "sync", "status")
    assert "waiting for batch 2" in status
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync")
    assert any(e["note"] == "kind words" for e in _live(desktop))


def test_conflict_copies_are_no_error_and_no_duplicate(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.ok(NOW, "toward", "cooked dinner")
    laptop.ok(NOW, "sync")
    deliver(laptop, desktop)
    for batch in list((desktop.folder / "trustlog").rglob("*.batch")):
        stem = batch.name.removesuffix(".batch")
        conflict = batch.with_name(f"{stem}.sync-conflict-20261125-200000-ABCDEFG.batch")
        shutil.copy(batch, conflict)
    code, _out, err = desktop.run(NOW, "sync")
    assert code == 0, err
    assert [e["note"] for e in _live(desktop)].count("cooked dinner") == 1


class GitHub:
    """Two devices' sync folders as clones of one bare repository (real git)."""

    def __init__(self, tmp_path: Path, pair: list[Device]) -> None:
        git = shutil.which("git")
        if git is None:
            pytest.skip("git is not installed")
        self.git = git
        who = {"NAME": "t", "EMAIL": "t@t"}
        self.env = os.environ | {
            f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER") for k, v in who.items()
        }
        hub = tmp_path / "hub.git"
        self.sh(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(hub))
        self.pair = pair
        kept = {device: device.files() for device in pair}
        owns = {device: _own(device) for device in pair}
        for device in pair:
            shutil.rmtree(device.folder)
            self.sh(tmp_path, "clone", "-q", str(hub), str(device.folder))
            self.sh(device.folder, "checkout", "-q", "-B", "main")
        for device, files in kept.items():  # each clone starts with its own device's files
            for relative, data in files.items():
                if relative.parts[2] == owns[device]:
                    (device.folder / relative).parent.mkdir(parents=True, exist_ok=True)
                    (device.folder / relative).write_bytes(data)

    def sh(self, cwd: Path, *args: str) -> None:
        subprocess.run([self.git, *args], cwd=cwd, env=self.env, check=True, capture_output=True)

    def rounds(self) -> None:
        """Each device in turn: pull, sync, commit, pull, push — twice around."""
        laptop, desktop = self.pair
        for step, device in enumerate([laptop, desktop, laptop, desktop]):
            if step:
                self.sh(device.folder, "pull", "-q", "--rebase", "origin", "main")
            device.ok(NOW + timedelta(minutes=step), "sync")
            self.sh(device.folder, "add", "-A")
            self.sh(device.folder, "commit", "-q", "--allow-empty", "-m", "sync")
            if step:
                self.sh(device.folder, "pull", "-q", "--rebase", "origin", "main")
            self.sh(device.folder, "push", "-q", "origin", "main")


def test_a_real_git_repository_between_two_clones(tmp_path: Path, pair: list[Device]) -> None:
    laptop, desktop = pair
    hub = GitHub(tmp_path, pair)
    laptop.ok(NOW, "toward", "walked the dog")
    desktop.ok(NOW, "away", "late again")
    hub.rounds()
    desktop.ok(NOW, "sync")
    notes = [sorted(e["note"] for e in _live(device)) for device in pair]
    assert notes[0] == notes[1]
    assert notes[0].count("walked the dog") == 1


def test_a_killed_sync_leaves_the_journal_whole_and_no_partial_batch(pair: list[Device]) -> None:
    laptop, desktop = pair
    for number in range(3):
        laptop.ok(NOW, "toward", f"moment {number}")
    script = "import sys; from trustlog.main import main; sys.exit(main(['sync']))"
    env = laptop.env | {"PYTHONPATH": str(SRC)}
    process = subprocess.Popen([sys.executable, "-c", script], env=env, stderr=subprocess.PIPE)
    time.sleep(0.15)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for path in (laptop.folder / "trustlog").rglob("*.batch"):
        assert path.read_bytes().split(b"\n")[-2].startswith(b"sha256 ")
    assert laptop.run(NOW, "log")[0] == 0
    laptop.ok(NOW, "sync")
    settle(pair, NOW)
    assert sorted(e["uuid"] for e in _live(laptop)) == sorted(e["uuid"] for e in _live(desktop))


def test_sync_without_a_folder_says_how_to_start(tmp_path: Path) -> None:
    device = Device(tmp_path, "alone")
    code, _out, err = device.run(NOW, "sync")
    assert code == 1 and "trustlog sync DIR" in err


def test_key_prints_one_age_key(tmp_path: Path) -> None:
    device = Device(tmp_path, "alone")
    out = device.ok(NOW, "key")
    assert out.startswith("age1") and out.count("\n") == 1


def _own(device: Device) -> str:
    import json

    status = json.loads(device.ok(NOW, "sync", "status", "--json"))
    return next(row["device"] for row in status["devices"] if row["this"])


def _live(device: Device) -> list[dict[str, object]]:
    import json

    rows = json.loads(device.ok(NOW, "log", "--json"))
    assert isinstance(rows, list)
    return rows


def _readme_git_recipe() -> str:
    text = (Path(__file__).parent.parent / "README.md").read_text()
    after = text.split("**With a git repository:**", 1)[1]
    return after.split("```sh\n", 1)[1].split("```", 1)[0]


def test_the_readmes_git_recipe_works_from_an_empty_repository_and_on_a_quiet_day(
    tmp_path: Path,
) -> None:
    """Run the README's lines as written (bash -e), two devices, real git: the first
    run on an empty repository, a join, and a run with nothing new all succeed."""
    git, bash = shutil.which("git"), shutil.which("bash")
    if git is None or bash is None:
        pytest.skip("git or bash is not installed")
    recipe = _readme_git_recipe()
    assert "trustlog sync ~/notes-sync" in recipe
    script = Path(sys.executable).parent / "trustlog"
    if not script.exists():
        pytest.skip("the trustlog console script is not installed beside this Python")
    hub = tmp_path / "hub.git"
    subprocess.run([git, "init", "-q", "--bare", str(hub)], check=True)

    def device(name: str) -> dict[str, str]:
        home = tmp_path / name
        home.mkdir()
        env = os.environ | {
            "HOME": str(home),
            "PATH": f"{script.parent}{os.pathsep}{os.environ['PATH']}",
            "TRUSTLOG_DB": str(home / "journal.db"),
            "TRUSTLOG_CONFIG": str(home / "config.toml"),
            "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": f"{name}@example.org",
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": f"{name}@example.org",
        }  # fmt: skip
        subprocess.run([git, "clone", "-q", str(hub), str(home / "notes-sync")],
                       env=env, check=True, capture_output=True)  # fmt: skip
        return env

    def sh(env: dict[str, str], lines: str) -> str:
        done = subprocess.run([bash, "-e", "-c", lines], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    laptop, desktop = device("laptop"), device("desktop")
    sh(laptop, "trustlog toward walked the dog")
    sh(laptop, recipe)  # an empty repository: nothing to pull yet
    sh(desktop, "trustlog away late again")
    sh(desktop, recipe.replace("trustlog sync ~/", "trustlog sync join ~/"))
    sh(laptop, recipe)
    sh(laptop, recipe)  # a quiet day: nothing to commit
    notes = [sorted(e["note"] for e in json.loads(sh(env, "trustlog log --json")))
             for env in (laptop, desktop)]  # fmt: skip
    assert notes[0] == notes[1] == ["late again", "walked the dog"]
