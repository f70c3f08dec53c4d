"""Run the scan whose findings a baseline records (files, or history with --history)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scanner.config.settings import Settings
from scanner.models import Confidence, ScanReport


def scan_for_baseline(
    paths: Sequence[str], history: bool, config_file: str | None, min_confidence: str | None
) -> ScanReport:
    """Scan ``paths`` the way a gate would and return the report, before any suppression.

    With ``history`` the single path is a repository and the commits of all
    its refs are scanned, as ``viafoundry-scan history`` does by default. Raises ConfigError for an invalid config and ScanFailure when
    the scan cannot run.
    """
    if history:
        return _history_report(paths, config_file, min_confidence)
    from scanner.scans.files import scan_paths
    from scanner.sources.files import display_base

    settings = _settings(config_file, display_base(list(paths)), min_confidence)
    return scan_paths(list(paths), settings)


def _settings(config_file: str | None, start: Path, min_confidence: str | None) -> Settings:
    from scanner.config.loader import load_settings

    settings = load_settings(config_file, start)
    confidence = Confidence.parse(min_confidence) if min_confidence else None
    return settings.with_overrides(min_confidence=confidence)


def _history_report(paths: Sequence[str], config_file: str | None, min_confidence: str | None) -> ScanReport:
    import click

    from scanner.git.repository import open_repository
    from scanner.scans.history import scan_history
    from scanner.scans.revisions import history_revisions

    if len(paths) != 1:
        raise click.UsageError("--history takes one PATH: the repository to scan (default: .)")
    repository = open_repository(paths[0])
    settings = _settings(config_file, repository.top or Path(paths[0]), min_confidence)
    return scan_history(repository, settings, history_revisions(repository))
