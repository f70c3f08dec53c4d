"""Read and write baseline files.

Reading validates the whole document and raises ConfigError (exit code 3)
naming the file and the problem, so a corrupt baseline never reaches a scan.
Writing leaves the file untouched when its text would not change, so a
baseline that is committed does not change (or conflict in a merge) without
a new or removed leak.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scanner.baseline.model import BASELINE_VERSION, HASH_ALGORITHM, Baseline, BaselineEntry
from scanner.errors import ConfigError

log = logging.getLogger(__name__)

#: Upgrade steps: version N -> a function that turns a version-N document
#: into a version-N+1 document. Empty while version 1 is the only format.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_ENTRY_FIELDS = {"identity": str, "rule_id": str, "line": int}


def load_baseline(path: str) -> Baseline:
    """Parse the baseline file at ``path``.

    Raises ConfigError when the file is missing, unreadable, not JSON, of an
    unknown version, or has a malformed entry.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "baseline file not found; create it with "
                          f"'viafoundry-scan baseline create {path}'") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, f"cannot read the baseline file ({error})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(path, f"the baseline file is not valid JSON ({error}); "
                          "recreate it with 'viafoundry-scan baseline create'") from None
    return parse_baseline(_upgraded(document, path), path)


def parse_baseline(document: Any, path: str) -> Baseline:
    """Validate a current-version baseline document and build the Baseline."""
    if not isinstance(document, dict):
        raise ConfigError(path, "a baseline file must hold a JSON object")
    hash_table = document.get("hash")
    if not isinstance(hash_table, dict) or hash_table.get("algorithm") != HASH_ALGORITHM:
        raise ConfigError(path, f"the baseline's 'hash' must name the algorithm '{HASH_ALGORITHM}'")
    try:
        key = bytes.fromhex(str(hash_table.get("key", "")))
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ConfigError(path, "the baseline's 'hash.key' must be at least 16 bytes of hex")
    raw_entries = document.get("entries")
    if not isinstance(raw_entries, list):
        raise ConfigError(path, "the baseline's 'entries' must be a list")
    entries = tuple(_entry(raw, index, path) for index, raw in enumerate(raw_entries))
    return Baseline(key=key, entries=entries)


def write_baseline(path: str, baseline: Baseline) -> bool:
    """Write ``baseline`` to ``path`` unless the file already contains the same text.

    Returns True when the file was written. The write goes through a
    temporary file in the same folder and a rename, so an interrupted run
    never leaves half a baseline. Raises ConfigError when it cannot write.
    """
    text = baseline.to_json()
    target = Path(path)
    try:
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            log.info("baseline %s is unchanged; not rewritten", path)
            return False
    except (OSError, UnicodeDecodeError):
        pass  # unreadable or not text: overwrite it below
    folder = target.parent if str(target.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".baseline-", dir=folder)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as error:
        raise ConfigError(path, f"cannot write the baseline file ({error.strerror or error})") from None
    return True


def _upgraded(document: Any, path: str) -> Any:
    if not isinstance(document, dict):
        return document
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ConfigError(path, f"the baseline has no valid 'version' (found {version!r})")
    if version > BASELINE_VERSION:
        raise ConfigError(path, f"baseline format version {version} is newer than this viafoundry-scan "
                          f"reads ({BASELINE_VERSION}); upgrade viafoundry-scan")
    while version < BASELINE_VERSION:
        document = UPGRADES[version](document)
        version += 1
    return document


def _entry(raw: Any, index: int, path: str) -> BaselineEntry:
    where = f"entry {index + 1}"
    if not isinstance(raw, dict):
        raise ConfigError(path, f"{where} must be a JSON object")
    for field, kind in _ENTRY_FIELDS.items():
        value = raw.get(field)
        if isinstance(value, bool) or not isinstance(value, kind):
            raise ConfigError(path, f"{where}: '{field}' must be a {kind.__name__}, not {value!r}")
    for field in ("path", "commit"):
        if raw.get(field) is not None and not isinstance(raw.get(field), str):
            raise ConfigError(path, f"{where}: '{field}' must be a string or null")
    return BaselineEntry(
        identity=raw["identity"], rule_id=raw["rule_id"], path=raw.get("path"),
        line=raw["line"], commit=raw.get("commit"),
    )
