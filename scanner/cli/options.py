"""Options shared by every scan command, and the steps they share after scanning.

Every scan command is decorated with ``scan_options``, which gathers the
shared options into one ScanOptions value, and ends with ``finish_scan``,
which applies the post-scan steps, writes the report and returns the exit code.
"""
from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from scanner.constants import ExitCode
from scanner.errors import ScanFailure

if TYPE_CHECKING:
    # Imported for annotations only: settings pulls in the rule schema and
    # the regex module, which a command pays for when it loads its rules.
    from scanner.config.settings import Settings
    from scanner.models import Finding, ScanReport

CONFIDENCE_CHOICES = ["low", "medium", "high"]


@dataclasses.dataclass(frozen=True)
class ScanOptions:
    """The values of the options that every scan command takes."""

    output_format: str
    output: str | None
    config_file: str | None
    min_confidence: str | None
    redact: bool
    exit_zero: bool
    verbose: bool
    debug: bool
    baseline: str | None = None
    verify: bool = False
    viafoundry_url: str | None = None
    only_live: bool = False
    fail_on: str = "any"

    def __post_init__(self) -> None:
        if not self.verify and (self.only_live or self.fail_on == "live"):
            raise click.UsageError("--only-live and --fail-on live need --verify, which checks tokens on the server")

    def apply_to(self, settings: Settings, **overrides: Any) -> Settings:
        """Return ``settings`` with these options (and command-specific ones) applied."""
        from scanner.models import Confidence

        confidence = Confidence.parse(self.min_confidence) if self.min_confidence else None
        return settings.with_overrides(min_confidence=confidence, **overrides)


def report_formats() -> list[str]:
    """Return the names of the report formats. Only the registry is imported, never a reporter."""
    from scanner.reporters import FORMATS

    return list(FORMATS)


def scan_options(function: Callable[..., int]) -> Callable[..., int]:
    """Add the shared options to a command; it receives them as ``options: ScanOptions``."""
    field_names = [field.name for field in dataclasses.fields(ScanOptions)]

    @functools.wraps(function)
    def wrapper(**kwargs: Any) -> int:
        from scanner.cli.logs import setup_logging

        options = ScanOptions(**{name: kwargs.pop(name) for name in field_names})
        setup_logging(options.verbose, options.debug)
        _check_output_folder(options.output)
        return function(options=options, **kwargs)

    decorators = [
        click.option("--format", "output_format", type=click.Choice(report_formats()), default="text",
                     show_default=True, help="Report format."),
        click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
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
        click.option("--baseline", "baseline", type=click.Path(dir_okay=False), default=None,
                     help="Baseline file (from 'baseline create'); its recorded leaks are not reported."),
        click.option("--verify", is_flag=True,
                     help="Check each token on your ViaFoundry server (live, revoked or unknown). "
                          "Off by default: without it no token leaves this machine."),
        click.option("--viafoundry-url", metavar="URL", default=None,
                     help="Base URL of your ViaFoundry server for --verify; overrides $VIAFOUNDRY_URL "
                          "and [verify] url in your user config."),
        click.option("--only-live", is_flag=True, help="Report only tokens that verify live (needs --verify); the exit code still counts the others."),
        click.option("--fail-on", type=click.Choice(["any", "live"]), default="any", show_default=True,
                     help="What fails the scan: any token, or only live ones (with --verify; "
                          "a token that could not be checked also fails)."),
    ]
    result: Callable[..., int] = wrapper
    for decorator in reversed(decorators):
        result = decorator(result)
    return result


def _check_output_folder(output: str | None) -> None:
    """Reject an --output path whose folder is missing before any scanning starts."""
    if output and not Path(output).resolve().parent.is_dir():
        raise click.BadParameter(
            f"the folder of '{output}' does not exist; create it or choose another path",
            param_hint="'--output'",
        )


def finish_scan(report: ScanReport, settings: Settings, options: ScanOptions) -> int:
    """Run the post-scan steps, write the report, and return the exit code."""
    report.warnings[:0] = list(settings.warnings)
    suppress_known(report, options.baseline)
    hidden = verify_findings(report, settings, options) if options.verify else []
    report.make_paths_printable()
    emit_report(report, options.output_format, options.output, options.redact)
    if hidden:
        from scanner.verify.step import describe_hidden

        click.echo(describe_hidden(hidden), err=True)
    # The exit code counts the findings that --only-live hid, so hiding a
    # token from the report never lets it through the gate.
    if options.verify and options.fail_on == "live":
        return live_exit_code(report, options.exit_zero, hidden)
    return exit_code_for(report, options.exit_zero, hidden)


def verify_findings(report: ScanReport, settings: Settings, options: ScanOptions) -> list[Finding]:
    """Check tokens on the server; with --only-live, keep only the live ones and return the others."""
    from scanner.verify.step import keep_only_live, verify_report

    verify_report(report, settings, options.viafoundry_url)
    return keep_only_live(report) if options.only_live else []


def live_exit_code(report: ScanReport, exit_zero: bool, hidden: Sequence[Finding] = ()) -> int:
    """Return the exit code for --fail-on live: a live or unchecked token fails, fail-closed.

    ``hidden`` are the findings that --only-live left out of the report; they count too.
    """
    from scanner.verify.step import has_possibly_live

    if report.stats.unreadable:
        return int(ExitCode.SCAN_FAILURE)
    possibly_live = has_possibly_live([*report.findings, *hidden])
    return int(ExitCode.FINDINGS) if possibly_live and not exit_zero else int(ExitCode.CLEAN)


def suppress_known(report: ScanReport, baseline: str | None) -> None:
    """Drop findings listed in the ignore file and the baseline.

    The ignore file is looked up from the scan's root folder (the scanned
    folder or repository), else from the current folder.
    """
    from scanner.baseline.suppress import apply_baseline, apply_ignore_file

    apply_ignore_file(report, Path(report.root) if report.root else Path.cwd())
    if baseline:
        apply_baseline(report, baseline)


def emit_report(report: ScanReport, output_format: str, output: str | None, redact: bool) -> None:
    """Write the report in the chosen format, then warnings to stderr."""
    from scanner.reporters import get_reporter

    writer = get_reporter(output_format)
    if output:
        try:
            with Path(output).open("w", encoding="utf-8", newline="\n") as stream:
                writer(report, stream, redact=redact)
        except OSError as error:
            raise ScanFailure(f"could not write the report to {output}: {error.strerror}") from None
    else:
        stdout = sys.stdout
        if hasattr(stdout, "reconfigure"):
            # A path that the terminal's encoding cannot show must not abort the report.
            stdout.reconfigure(errors="backslashreplace")
        writer(report, stdout, redact=redact)
    for warning in report.warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")


def exit_code_for(report: ScanReport, exit_zero: bool, hidden: Sequence[Finding] = ()) -> int:
    """Return the exit code: failures first (fail closed), then findings, those --only-live hid included."""
    if report.stats.unreadable:
        return int(ExitCode.SCAN_FAILURE)
    if (report.findings or hidden) and not exit_zero:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.CLEAN)


def stdin_stream() -> BinaryIO:
    """Return standard input as a binary stream."""
    return sys.stdin.buffer
