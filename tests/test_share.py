"""A partner's share packet: only what was chosen goes in, only the partner opens it."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

from test_sync import Device

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
CANARY = "CANARY-she-cried-4d2f"


def test_a_packet_to_a_key_opens_only_in_that_journal(tmp_path: Path) -> None:
    me, partner, stranger = (Device(tmp_path, name) for name in ("me", "partner", "stranger"))
    me.ok(NOW, "toward", CANARY)
    me.ok(NOW, "promise", "call at noon")
    partner.ok(NOW, "away", "late home")
    stranger.ok(NOW, "away", "x")
    key = partner.ok(NOW, "key").strip()
    packet = tmp_path / "for-you.packet"
    me.ok(NOW, "share", "-o", str(packet), "--notes", "--to", key)
    assert CANARY.encode() not in packet.read_bytes()
    assert stat.S_IMODE(packet.stat().st_mode) == 0o600
    shown = partner.ok(NOW, "compare", str(packet))
    assert "Your partner's journal" in shown
    code, _out, err = stranger.run(NOW, "compare", str(packet))
    assert code == 1 and "another journal's key" in err


def test_notes_go_in_only_when_asked(tmp_path: Path) -> None:
    me = Device(tmp_path, "me")
    me.ok(NOW, "toward", CANARY)
    plain, noted = tmp_path / "plain.packet", tmp_path / "noted.packet"
    me.ok(NOW, "share", "-o", str(plain))
    me.ok(NOW, "share", "-o", str(noted), "--notes")
    assert CANARY not in plain.read_text() and CANARY in noted.read_text()


def test_a_bad_key_is_bad_input(tmp_path: Path) -> None:
    me = Device(tmp_path, "me")
    me.ok(NOW, "toward", "x")
    code, _out, err = me.run(NOW, "share", "-o", str(tmp_path / "p"), "--to", "not-a-key")
    assert code == 2 and "age public key" in err and not (tmp_path / "p").exists()


def test_a_packet_tells_no_hour_of_writing_and_no_journal_uuid(tmp_path: Path) -> None:
    # A review found every entry's recorded_at (to the microsecond) in a packet:
    # a partner could see that an entry was written at 3 a.m., or days later.
    me = Device(tmp_path, "me")
    me.ok(NOW, "toward", "x")
    me.ok(NOW, "promise", "call at noon")
    me.ok(NOW, "injury", "the lie", "--me", "--severity", "minor")
    journal_uuids = set(me.ok(NOW, "export", "--format", "json").split('"'))
    packet = tmp_path / "p.packet"
    me.ok(NOW, "share", "-o", str(packet))
    text = packet.read_text()
    assert "recorded_at" not in text and "20:00:00" not in text
    data = json.loads(text)
    shared = [row["uuid"] for key in ("entries", "promises", "injuries") for row in data[key]]
    assert len(shared) == 4 and not journal_uuids & set(shared)
    # the links from an entry to its promise hold within the packet
    promise_uuids = {row["uuid"] for row in data["promises"]}
    assert {row["promise_uuid"] for row in data["entries"]} <= promise_uuids | {None}


def test_a_packet_goes_to_standard_output_with_dash(tmp_path: Path) -> None:
    me, partner = Device(tmp_path, "me"), Device(tmp_path, "partner")
    me.ok(NOW, "toward", "x")
    partner.ok(NOW, "toward", "y")
    key = partner.ok(NOW, "key").strip()
    code, out, err = me.run(NOW, "share", "-o", "-", "--to", key)
    assert code == 0 and out.startswith("-----BEGIN AGE ENCRYPTED FILE-----")
    assert "on standard output" in err and not Path("-").exists()
    packet = tmp_path / "from-stdout.packet"
    packet.write_text(out)
    assert "Your partner's journal" in partner.ok(NOW, "compare", str(packet))


def test_a_packet_never_replaces_the_journal_its_key_or_a_backup(tmp_path: Path) -> None:
    # A review: `share -o` onto the journal replaced it with JSON (the journal was gone).
    me = Device(tmp_path, "me")
    me.ok(NOW, "toward", "x")
    journal = Path(me.env["TRUSTLOG_DB"])
    backup = tmp_path / "kept.db"
    me.ok(NOW, "backup", str(backup))
    pub = journal.with_name(journal.name + ".pub")
    me.ok(NOW, "key")  # the key file is there
    files = {path: path.read_bytes() for path in (journal, backup, pub)}
    for target, code, said in (
        (journal, 1, "is part of your journal"),
        (pub, 1, "is part of your journal"),
        (backup, 1, "is an SQLite database"),
        (Path("/dev/null"), 2, "is not a regular file"),
    ):
        got, _out, err = me.run(NOW, "share", "-o", str(target))
        assert got == code and said in err, err
    assert {path: path.read_bytes() for path in files} == files


def test_a_packet_carries_no_journal_id_yet_knows_its_own_owner(tmp_path: Path) -> None:
    # A review: the packet's owner uuid was the journal's id, also its sync folder's name.
    me, partner = Device(tmp_path, "me"), Device(tmp_path, "partner")
    me.ok(NOW, "toward", "x")
    partner.ok(NOW, "toward", "y")
    journal_id = json.loads(me.ok(NOW, "export"))["owner"]["uuid"]
    packet = tmp_path / "mine.packet"
    me.ok(NOW, "share", "-o", str(packet))
    assert journal_id not in packet.read_text()
    assert set(json.loads(packet.read_text())["owner"]) == {"name", "mark", "salt"}
    code, _out, err = me.run(NOW, "compare", str(packet))
    assert code == 1 and "a packet of your own journal" in err
    assert "Your partner's journal" in partner.ok(NOW, "compare", str(packet))


def test_a_damaged_or_edited_packet_is_one_line_never_a_traceback(tmp_path: Path) -> None:
    # A review edited a partner's packet by hand: KeyError, TypeError, IntegrityError…
    # and an entry dated "garbage" shown as a day.
    me, partner = Device(tmp_path, "me"), Device(tmp_path, "partner")
    me.ok(NOW, "toward", "x")
    partner.ok(NOW, "toward", "y")
    partner.ok(NOW, "promise", "call at noon")
    good = tmp_path / "good.packet"
    partner.ok(NOW, "share", "-o", str(good))
    base = json.loads(good.read_text())
    edits = [
        lambda p: p.pop("owner"),
        lambda p: p.update(owner="x"),
        lambda p: p["owner"].update(name=None),
        lambda p: p["owner"].update(name=["a"]),
        lambda p: p.update(entries=5),
        lambda p: p["entries"][0].update(on="garbage"),
        lambda p: p["entries"][0].update(amount="x"),
        lambda p: p["entries"][0].update(kind="hug"),
        lambda p: p["promises"][0].update(made_on="soon"),
    ]
    for n, edit in enumerate(edits):
        packet = json.loads(json.dumps(base))
        edit(packet)
        bad = tmp_path / f"bad{n}.packet"
        bad.write_text(json.dumps(packet))
        code, _out, err = me.run(NOW, "compare", str(bad))
        assert code == 1 and "is not a trustlog share packet (it is damaged" in err, (n, err)
        assert err.count("\n") == 1 and "unexpected" not in err
    assert "Your partner's journal" in me.ok(NOW, "compare", str(good))
