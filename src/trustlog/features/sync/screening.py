"""Every change of a batch checked before any is applied, with the rules `import` uses.

A batch is another device's word, and a damaged or hostile folder can hold
anything: an unknown kind, an amount of "lots", a day that is no day, a note
that is an object, a tombstone without a uuid.  Taken, such a change would make
`log`, `balance` or `report` fail from then on, or fail every sync after.  So a
batch with any bad change is refused whole (one line: the device, the batch,
the change and the field, never a note) and the device waits there, as for a
damaged batch.

The rows are checked by `features/exchange/checks.py`, as an import checks them,
with two differences: every change must carry its uuid (a sync never makes
one), and a day may be up to three days past today here (devices' clocks differ;
an import allows one).  A tombstone is a uuid (as text: an imported row keeps
its file's uuid) and an ISO 8601 time.  The checked values go in, but the
stamps (`recorded_at`, `changed_at`, `deleted_at`) stay exactly as sent, so
every device stores the same text and compares the same way.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.features.exchange import checks

#: How far past today here another device's day may be (its clock may be ahead).
_AHEAD = timedelta(days=2)  # plus the one day of grace every check allows
_STAMPS = ("recorded_at", "changed_at", "deleted_at")
_UUID_MAX = 200


def screened(changes: list[dict[str, Any]], what: str, today: date) -> list[dict[str, Any]]:
    """The batch's changes, checked (each with its `table`); a bad one refuses them all."""
    ids = checks.RowIds("")
    try:
        return [_change(change, n, ids, today + _AHEAD) for n, change in enumerate(changes, 1)]
    except BadInput as error:
        problem = checks.problem_of(error)
        raise TrustlogError(
            f"{what} holds a change trustlog cannot take ({problem}); it was not taken."
        ) from None


def _change(change: dict[str, Any], n: int, ids: checks.RowIds, latest: date) -> dict[str, Any]:
    table = change.get("table")
    _uuid(change, n)
    if table == "tombstones":
        return _tombstone(change, n)
    check = checks.ROW_CHECKS.get(table) if isinstance(table, str) else None
    if check is None:
        raise BadInput(f"change {n}, field 'table': is not one trustlog knows")
    _stamps(change, n)
    row = check(change, n, ids, latest)
    for stamp in _STAMPS:
        if stamp in row:
            row[stamp] = change.get(stamp) or None
    return {"table": table, **row}


def _stamps(change: dict[str, Any], n: int) -> None:
    """`recorded_at` is there, and every stamp is text (`checks` then reads it)."""
    for stamp in _STAMPS:
        value = change.get(stamp)
        if (value is None and stamp == "recorded_at") or not isinstance(value, str | None):
            raise BadInput(f"change {n}, field {stamp!r}: is not a time like 2026-11-20T21:30:00")


def _uuid(change: dict[str, Any], n: int) -> None:
    value = change.get("uuid")
    if not isinstance(value, str) or not value.strip() or len(value) > _UUID_MAX:
        raise BadInput(f"change {n}, field 'uuid': should be the row's uuid, as text")
    if not value.isprintable():
        raise BadInput(f"change {n}, field 'uuid': should be printable text")


def _tombstone(change: dict[str, Any], n: int) -> dict[str, Any]:
    deleted = change.get("deleted")
    try:
        if not isinstance(deleted, str):
            raise ValueError
        datetime.fromisoformat(deleted)
    except ValueError:
        raise BadInput(
            f"change {n} (a purge), field 'deleted': is not a time like 2026-11-20T21:30:00+00:00"
        ) from None
    return {"table": "tombstones", "uuid": change["uuid"], "deleted": deleted}
