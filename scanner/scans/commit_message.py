"""Scan commit messages: the file git hands to a commit-msg hook, and messages in history."""
from __future__ import annotations

import re
from pathlib import Path

from scanner.config.settings import Settings
from scanner.constants import SourceKind
from scanner.engine.detector import Detector
from scanner.errors import ScanFailure
from scanner.models import Document, Finding, ScanReport
from scanner.scans.collector import Collector
from scanner.scans.files import build_detector
from scanner.sources.decoding import decode_bytes

MESSAGE = SourceKind.COMMIT_MESSAGE.value

#: git cuts the message at this line when ``commit --verbose`` appends the diff below it.
_SCISSORS = re.compile(rb"^# -+ >8 -+\r?$", re.MULTILINE)
_COMMENT = re.compile(rb"^#[^\n]*", re.MULTILINE)


def scan_message(detector: Detector, message: bytes, commit: str | None = None) -> list[Finding]:
    """Return the findings in one commit message; lines are counted from its subject (line 1)."""
    decoded = decode_bytes(message)
    if decoded is None:
        return []
    data, encoding = decoded
    return detector.scan_document(Document(None, data, MESSAGE, encoding, commit))


def editable_message(text: bytes) -> bytes:
    """Return what git keeps of a message file: the diff below the scissors is dropped and
    comment lines are blanked (kept as empty lines, so line numbers still match the file).

    NOTE: this assumes git's default cleanup and comment character '#'.
    """
    cut = _SCISSORS.search(text)
    if cut:
        text = text[: cut.start()]
    return _COMMENT.sub(b"", text)


def scan_message_file(path: str, settings: Settings) -> ScanReport:
    """Scan the commit message file that git passes to a commit-msg hook.

    Raises ScanFailure when the file cannot be read.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ScanFailure(f"could not read the commit message file {path}: {error.strerror or error}") from None
    collector = Collector(settings.min_confidence)
    collector.add_all(scan_message(build_detector(settings), editable_message(raw)))
    collector.stats.documents_scanned = 1
    collector.stats.bytes_scanned = len(raw)
    return collector.report("commit-msg")
