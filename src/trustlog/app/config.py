"""Where the journal and its settings live, and what the settings say.

`tomllib` is imported only when a config file exists, and `tomlkit` (which
keeps the user's comments) only when a setting is written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.core.ledger import MAX_AMOUNT
from trustlog.core.models import DEFAULT_WEIGHTS
from trustlog.journal.private import write_private

POSITIVE_WEIGHTS = ("toward", "kept")
KNOWN_KEYS = (
    "db",
    "name",
    "sync",
    "remind.detailed",
    *(f"weights.{kind}" for kind in DEFAULT_WEIGHTS),
)
#: Settings that are true or false, stored as TOML booleans in their table.
FLAG_KEYS = ("remind.detailed",)
TOP_LEVEL = ("db", "name", "sync", "weights", "remind")


class Config(NamedTuple):
    path: Path
    db: str | None = None
    name: str | None = None
    weights: Mapping[str, int] = MappingProxyType(DEFAULT_WEIGHTS)
    raw: Mapping[str, Any] = MappingProxyType({})


def _home(env: Mapping[str, str]) -> Path:
    return Path(env.get("HOME") or os.path.expanduser("~"))


def config_path(env: Mapping[str, str]) -> Path:
    if env.get("TRUSTLOG_CONFIG"):
        return Path(env["TRUSTLOG_CONFIG"]).expanduser()
    base = env.get("XDG_CONFIG_HOME") or str(_home(env) / ".config")
    return Path(base) / "trustlog" / "config.toml"


def default_journal_path(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(_home(env) / ".local" / "share")
    return Path(base) / "trustlog" / "trustlog.db"


def journal_path(db_option: str | None, env: Mapping[str, str], config: Config) -> Path:
    """`--db`, then TRUSTLOG_DB, then `db` in the config, then the XDG default."""
    for candidate in (db_option, env.get("TRUSTLOG_DB"), config.db):
        if candidate:
            return Path(candidate).expanduser()
    return default_journal_path(env)


def load_config(env: Mapping[str, str]) -> Config:
    path = config_path(env)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as error:
        raise TrustlogError(f"Could not read the config file {path}: {error.strerror}.") from None
    import tomllib

    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise TrustlogError(f"The config file {path} is not valid TOML: {error}.") from None
    except RecursionError:
        raise BadInput(f"The config file {path} is nested too deeply to read.") from None
    _warn_unknown(raw, path)
    table = raw.get("weights", {})
    if not isinstance(table, dict):
        raise BadInput(f"In {path}, [weights] should be a table of whole numbers.")
    weights = dict(DEFAULT_WEIGHTS)
    for kind, value in table.items():
        weights[kind] = check_weight(kind, value, where=str(path))
    db = _text_setting(raw, "db", path)
    if db:
        # A relative path means "beside the config file", not "wherever I am now".
        db = str(path.parent / Path(db).expanduser())
    return Config(
        path=path,
        db=db or None,
        name=_text_setting(raw, "name", path) or None,
        weights=weights,
        raw=raw,
    )


def _text_setting(raw: Mapping[str, Any], key: str, path: Path) -> str | None:
    """`db` and `name` are text: `db = ['~/a.db']` or `name = 5` is a mistake to name."""
    value = raw.get(key)
    if value is None or isinstance(value, str):
        return value
    raise BadInput(f'In {path}, {key} must be text in quotes, like {key} = "...".')


def _warn_unknown(raw: Mapping[str, Any], path: Path) -> None:
    """A typo such as `[weight]` is named once on stderr; the command still runs."""
    unknown = [key for key in raw if key not in TOP_LEVEL]
    if unknown:
        names = ", ".join(repr(key) for key in unknown)
        print(
            f"trustlog: {path}: ignoring unknown setting {names} (known: {', '.join(TOP_LEVEL)}).",
            file=sys.stderr,
        )


def check_weight(kind: str, value: object, where: str = "the config") -> int:
    """Deposits stay deposits and withdrawals stay withdrawals."""
    if kind not in DEFAULT_WEIGHTS:
        known = ", ".join(DEFAULT_WEIGHTS)
        raise BadInput(f"{where}: there is no weight called {kind!r} (known: {known}).")
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{where}: weights.{kind} must be a whole number, not {value!r}.")
    if abs(value) > MAX_AMOUNT:
        raise BadInput(
            f"{where}: weights.{kind} must be between -{MAX_AMOUNT:,} and {MAX_AMOUNT:,}."
        )
    if kind in POSITIVE_WEIGHTS and value <= 0:
        raise BadInput(f"{where}: weights.{kind} is a deposit, so it must be above zero.")
    if kind not in POSITIVE_WEIGHTS and value >= 0:
        raise BadInput(f"{where}: weights.{kind} is a withdrawal, so it must be below zero.")
    return value


def set_value(config: Config, key: str, value: str) -> None:
    """Write one setting, keeping the rest of the file and its comments."""
    if key not in KNOWN_KEYS:
        raise BadInput(f"There is no setting called {key!r}; known: {', '.join(KNOWN_KEYS)}.")
    import tomlkit

    path = config.path
    try:
        document = tomlkit.parse(path.read_text("utf-8")) if path.exists() else tomlkit.document()
    except OSError as error:
        raise TrustlogError(f"Could not read the config file {path}: {error.strerror}.") from None
    if key.startswith("weights."):
        kind = key.split(".", 1)[1]
        try:
            number = int(value)
        except ValueError:
            raise BadInput(f"weights.{kind} must be a whole number, not {value!r}.") from None
        check_weight(kind, number, where="config set")
        if "weights" not in document:
            document["weights"] = tomlkit.table()
        document["weights"][kind] = number
    elif key in FLAG_KEYS:
        _set_flag(document, key, value)
    elif key in ("db", "sync"):
        document[key] = str(Path(value).expanduser().absolute())
    else:
        document[key] = value
    write_private(path, tomlkit.dumps(document).encode("utf-8"))


def _set_flag(document: Any, key: str, value: str) -> None:
    """`true` or `false` (also yes/no, on/off, 1/0) into the key's table."""
    import tomlkit

    words = {"true": True, "yes": True, "on": True, "1": True}
    words |= {"false": False, "no": False, "off": False, "0": False}
    flag = words.get(value.strip().lower())
    if flag is None:
        raise BadInput(f"{key} is true or false, not {value!r}.")
    table, name = key.split(".", 1)
    if table not in document:
        document[table] = tomlkit.table()
    document[table][name] = flag
