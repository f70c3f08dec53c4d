"""Options shared by every scan command, and the steps they share after scanning."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from scanner.constants import ExitCode

F = TypeVar("F", bound=Callable[..., Any])

CONFIDENCE_CHOICES = ["low", "medium", "high"]


def scan_options(formats: list[str]) -> Callable[[F], F]:
    """Add the output, config, confidence, redaction and logging options to a command."""

    def decorate(function: F) -> F:
        options = [
            click.option("--format", "output_format", type=click.Choice(formats), default="text",
                         show_default=True, help="Report format."),
            click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
                         help="Write the report to this file instead of standard output."),
            click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                         help="Config file (TOML); overrides VIAFOUNDRY_SCAN_CONFIG and the discovered files."),
            click.option("--min-confidence", type=click.Choice(CONFIDENCE_CHOICES), default=None,
                         help="Lowest confidence to report [default: medium, or the config's min_confidence]."),
            click.option("--redact/--no-redact", default=True, show_default=True,
                         help="Hide all but the prefix and 4 characters at each end of every token."),
            click.option("--exit-zero", is_flag=True, help="Exit 0 even when tokens are found."),
            click.option("-v", "--verbose", is_flag=True, help="Log progress and skipped files to stderr."),
            click.option("--debug", is_flag=True, help="Log debug details to stderr (tokens stay redacted)."),
        ]
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def emit_report(report: Any, output_format: str, output: str | None, redact: bool) -> None:
    """Write the report in the chosen format, then warnings to stderr."""
    from scanner.reporters import get_reporter

    writer = get_reporter(output_format)
    if output:
        with Path(output).open("w", encoding="utf-8", newline="\n") as stream:
            writer(report, stream, redact=redact)
    else:
        writer(report, click.get_text_stream("stdout"), redact=redact)
    for warning in report.warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")


def exit_code_for(report: Any, exit_zero: bool) -> int:
    """Return the exit code: failures first (fail closed), then findings."""
    if report.stats.unreadable:
        return int(ExitCode.SCAN_FAILURE)
    if report.findings and not exit_zero:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.CLEAN)


def stdin_stream() -> Any:
    """Return standard input as a binary stream."""
    return sys.stdin.buffer
