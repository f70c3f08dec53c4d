"""The ignore file: fingerprints of findings that a team chose to ignore.

Format: one fingerprint (as printed in the json, sarif and other reports)
per line. ``#`` starts a comment, on its own line or after the fingerprint,
and that comment is the place to record the reason. A fingerprint covers the rule, the path
and the token's hash, so another token on the same line, or the same token
in another file, is still reported.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from scanner.errors import ConfigError

log = logging.getLogger(__name__)

#: File name looked up in the current folder and its parents, up to the repository top.
IGNORE_FILE_NAME = ".viafoundry-scan-ignore"

_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


def find_ignore_file(start: Path) -> Path | None:
    """Return the nearest ignore file from ``start`` up to the repository top, or None."""
    folder = start.resolve()
    while True:
        candidate = folder / IGNORE_FILE_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def load_ignore_file(path: Path) -> frozenset[str]:
    """Return the fingerprints listed in the ignore file at ``path``.

    Raises ConfigError naming the file and line for anything that is not a
    fingerprint, because a typo would otherwise silently ignore nothing.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), f"cannot read the ignore file ({error})") from None
    fingerprints: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        if not _FINGERPRINT.fullmatch(value.lower()):
            raise ConfigError(
                str(path),
                f"line {number}: {value[:40]!r} is not a fingerprint (32 hex characters, "
                "as in the 'fingerprint' field of a report); put reasons after '#'",
            )
        fingerprints.add(value.lower())
    log.info("read %d fingerprint(s) from %s", len(fingerprints), path)
    return frozenset(fingerprints)
