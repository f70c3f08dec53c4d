"""`viafoundry-scan baseline create|update FILE [PATH...]`: record today's leaks.

A scan run with ``--baseline FILE`` then reports only leaks that the file
does not record, so a team can turn the gate on before old leaks are
cleaned up.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from scanner.constants import ExitCode


@click.group("baseline")
def baseline_group() -> None:
    """Record the current findings so that scans with --baseline FILE report only new ones.

    \b
    For each leak, the file stores a keyed hash (HMAC-SHA256) of its rule
    and token, never the token. Path, line and commit are kept only for
    people reading the file. Commit it next to your code.
    """


_shared = [
    click.argument("file", type=click.Path(dir_okay=False)),
    click.argument("paths", nargs=-1, type=click.Path(exists=True)),
    click.option("--history", is_flag=True,
                 help="Record the findings of a history scan (all commits) instead of a files scan."),
    click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                 help="Config file (TOML); overrides VIAFOUNDRY_SCAN_CONFIG and the discovered files."),
    click.option("--min-confidence", type=click.Choice(["low", "medium", "high"]), default=None,
                 help="Lowest confidence to record [default: medium, or the config's min_confidence]."),
]


def _with_shared(function: Callable[..., None]) -> Callable[..., None]:
    for decorator in reversed(_shared):
        function = decorator(function)
    return function


@baseline_group.command("create")
@_with_shared
def create_command(file: str, paths: tuple[str, ...], history: bool, config_file: str | None,
                   min_confidence: str | None) -> None:
    """Scan PATHS (default: the current folder) and write their findings to a new FILE.

    Fails when FILE exists; use 'baseline update' to refresh it.
    """
    if Path(file).exists():
        raise click.UsageError(f"'{file}' already exists; use 'viafoundry-scan baseline update {file}'")
    _exit(_record(file, paths, history, config_file, min_confidence, update=False))


@baseline_group.command("update")
@_with_shared
def update_command(file: str, paths: tuple[str, ...], history: bool, config_file: str | None,
                   min_confidence: str | None) -> None:
    """Scan PATHS again and make FILE hold exactly their findings.

    Entries still found keep their recorded path and line, and leaks no
    longer found are dropped. FILE is not rewritten when nothing changed. Scan the
    same PATHS (and --history or not) as when the baseline was created.
    """
    _exit(_record(file, paths, history, config_file, min_confidence, update=True))


def _exit(code: int) -> None:
    # click drops a command's return value in standalone mode (CliRunner, a
    # plain cli() call), so the exit code is raised instead of returned.
    click.get_current_context().exit(code)


def _record(file: str, paths: tuple[str, ...], history: bool, config_file: str | None,
            min_confidence: str | None, *, update: bool) -> int:
    from scanner.baseline.model import Baseline
    from scanner.baseline.recording import scan_for_baseline
    from scanner.baseline.store import load_baseline, write_baseline

    report = scan_for_baseline(paths or (".",), history, config_file, min_confidence)
    previous = load_baseline(file) if update and Path(file).exists() else Baseline.empty()
    baseline = previous.with_findings(report.findings)
    written = write_baseline(file, baseline)
    for warning in report.warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")
    added = len(baseline.identities() - previous.identities())
    removed = len(previous.identities() - baseline.identities())
    if written:
        click.echo(f"Wrote {file}: {len(baseline.entries)} entries ({added} added, {removed} removed).")
    else:
        click.echo(f"{file} is up to date ({len(baseline.entries)} entries); not rewritten.")
    if report.stats.unreadable:
        click.secho("warning: some input could not be read, so the baseline may miss leaks there",
                    err=True, fg="yellow")
        return int(ExitCode.SCAN_FAILURE)
    return int(ExitCode.CLEAN)
