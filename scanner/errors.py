"""Typed errors that carry their own exit code.

Code below the CLI raises these; only the CLI boundary turns them into a
message on stderr and an exit status, so a failure is reported once.
"""
from __future__ import annotations

import click

from scanner.constants import ExitCode


class ScannerError(click.ClickException):
    """Base class: a failure the user can act on, shown without a traceback."""

    exit_code = int(ExitCode.SCAN_FAILURE)

    def format_message(self) -> str:
        return self.message


class ConfigError(ScannerError):
    """An invalid config or rule file (exit code 3)."""

    exit_code = int(ExitCode.INVALID_CONFIG)

    def __init__(self, source: str, problem: str, rule_id: str | None = None) -> None:
        where = f"{source}: rule '{rule_id}'" if rule_id else source
        super().__init__(f"invalid configuration in {where}: {problem}")
        self.source = source
        self.rule_id = rule_id
        self.problem = problem


class ScanFailure(ScannerError):
    """Input that could not be read or a git command that failed (exit code 4)."""

    exit_code = int(ExitCode.SCAN_FAILURE)
