"""`viafoundry-scan files`: scan files, directories and standard input."""
from __future__ import annotations

from pathlib import Path

import click

from scanner.cli.options import ScanOptions, finish_scan, scan_options, stdin_stream


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
@scan_options
def files_command(
    paths: tuple[str, ...], exclude: tuple[str, ...], respect_gitignore: bool | None, options: ScanOptions
) -> int:
    """Scan files and folders (recursively) for ViaFoundry tokens.

    PATHS default to the current folder; '-' reads standard input. Symbolic
    links inside a folder, FIFOs, devices and .git folders are never read
    (a link named in PATHS is followed), and binary files are skipped.
    Reported paths are relative to the scanned folder when one folder is
    given, else to the current folder.
    """
    from scanner.config.loader import load_settings
    from scanner.scans.files import scan_paths
    from scanner.sources.files import display_base

    settings = load_settings(options.config_file, display_base([p for p in paths if p != "-"] or ["."]))
    settings = options.apply_to(settings, excludes=exclude, respect_gitignore=respect_gitignore)
    report = scan_paths(paths, settings, stdin_stream())
    return finish_scan(report, settings, options)
