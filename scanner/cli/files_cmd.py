"""`viafoundry-scan files`: scan files, directories and standard input."""
from __future__ import annotations

from pathlib import Path

import click

from scanner.cli.logs import setup_logging
from scanner.cli.options import emit_report, exit_code_for, scan_options, stdin_stream


def _check_paths(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    for path in value:
        if path != "-" and not Path(path).exists() and not Path(path).is_symlink():
            raise click.BadParameter(f"'{path}' does not exist; check the path", ctx=ctx, param=param)
    return value or (".",)


@click.command("files")
@click.argument("paths", nargs=-1, type=click.Path(), callback=_check_paths)
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip paths that match this glob (a path, file name or folder); repeatable.")
@click.option("--respect-gitignore", is_flag=True, default=None,
              help="Skip files that git ignores (by default they are scanned: .env files are often ignored).")
@scan_options(["text", "json"])
def files_command(
    paths: tuple[str, ...],
    exclude: tuple[str, ...],
    respect_gitignore: bool | None,
    output_format: str,
    output: str | None,
    config_file: str | None,
    min_confidence: str | None,
    redact: bool,
    exit_zero: bool,
    verbose: bool,
    debug: bool,
) -> int:
    """Scan files and folders (recursively) for ViaFoundry tokens.

    PATHS default to the current folder; '-' reads standard input. Symbolic
    links, FIFOs, devices and .git folders are never read, and binary files
    are skipped. Reported paths are relative to the scanned folder when one
    folder is given, else to the current folder.
    """
    setup_logging(verbose, debug)
    from scanner.config.loader import load_settings
    from scanner.models import Confidence
    from scanner.scans.files import scan_paths
    from scanner.sources.files import display_base

    settings = load_settings(config_file, display_base([p for p in paths if p != "-"] or ["."]))
    settings = settings.with_overrides(
        min_confidence=Confidence.parse(min_confidence) if min_confidence else None,
        excludes=exclude,
        respect_gitignore=respect_gitignore,
    )
    report = scan_paths(paths, settings, stdin_stream())
    report.warnings[:0] = list(settings.warnings)
    emit_report(report, output_format, output, redact)
    return exit_code_for(report, exit_zero)
