"""`viafoundry-scan rules` and `viafoundry-scan config check`: show and validate the configuration."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scanner.constants import ExitCode

if TYPE_CHECKING:
    from scanner.config.settings import Settings

_CONFIG_OPTION = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), default=None,
    help="Config file (TOML); overrides VIAFOUNDRY_SCAN_CONFIG and the discovered files.",
)
_PATH_ARGUMENT = click.argument("path", required=False, default=".", type=click.Path(exists=True, file_okay=False))


@click.command("rules")
@_PATH_ARGUMENT
@_CONFIG_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def rules_command(path: str, config_file: str | None, output_format: str) -> int:
    """List the rules that a scan of PATH (default: the current folder) would run.

    Each rule is shown with the file it was last defined or overridden in:
    a shipped file in rules/ or your config file. Disabled rules are left out.
    """
    from scanner.config.loader import load_settings

    settings = load_settings(config_file, Path(path))
    summaries = [rule.to_summary() | {"confidence": rule.confidence.label} for rule in settings.rules]
    if output_format == "json":
        click.echo(json.dumps({"config": _config_text(settings.source), "rules": summaries}, indent=2))
        return int(ExitCode.CLEAN)
    for summary in summaries:
        click.echo(f"{summary['id']}  [{summary['confidence']}]  {summary['description']}")
        click.echo(f"    source: {summary['source_file']}")
    click.echo(f"{len(summaries)} active rule(s); config: {_config_text(settings.source)}")
    return int(ExitCode.CLEAN)


@click.group("config")
def config_group() -> None:
    """Inspect the effective configuration."""


@config_group.command("check")
@_PATH_ARGUMENT
@_CONFIG_OPTION
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Also validate this baseline file.")
def check_command(path: str, config_file: str | None, baseline: str | None) -> int:
    """Validate the configuration a scan of PATH (default: the current folder) would use.

    \b
    Checks the config file that wins by precedence, every active rule
    (including that its own positive and negative examples behave), the
    live-check settings ([verify] and [revoke] in the trusted config or the
    user config file), the .viafoundry-scan-ignore file found from PATH, and the
    --baseline file if given. Exits 0 when all are valid and 3 when one is
    not, naming the file and the problem.
    """
    from scanner.baseline.ignore import find_ignore_file, load_ignore_file
    from scanner.baseline.store import load_baseline
    from scanner.config.loader import load_settings
    from scanner.errors import ConfigError
    from scanner.ruleset.examples import check_rule_examples

    settings = load_settings(config_file, Path(path))
    click.echo(f"config: {_config_text(settings.source)}")
    problems = [problem for rule in settings.rules for problem in check_rule_examples(rule)]
    if problems:
        source = settings.source.path if settings.source else "the shipped rules"
        raise ConfigError(source, "rule examples fail:\n  " + "\n  ".join(problems))
    click.echo(f"rules: {len(settings.rules)} active ({', '.join(rule.id for rule in settings.rules)})")

    _check_verify_settings(settings)
    ignore_file = find_ignore_file(Path(path))
    if ignore_file is not None:
        click.echo(f"ignore file: {ignore_file} ({len(load_ignore_file(ignore_file))} fingerprints)")
    if baseline:
        click.echo(f"baseline: {baseline} ({len(load_baseline(baseline).entries)} entries)")
    for warning in settings.warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")
    click.echo("The configuration is valid.")
    return int(ExitCode.CLEAN)


def _check_verify_settings(settings: Settings) -> None:
    """Validate the [verify] and [revoke] settings that --verify and revoke would use.

    Raises ConfigError naming the file and the problem.
    """
    import os

    from scanner.verify.config import resolve, user_config_path

    user_file = user_config_path(os.environ)
    if "verify" not in settings.raw and "revoke" not in settings.raw and not user_file.is_file():
        return
    config = resolve(settings, None)
    hosts = ", ".join(config.hosts) if config.hosts else "none configured"
    click.echo(f"live check: hosts {hosts}; revocation endpoint {'set' if config.revoke else 'not set'}")
    for warning in config.warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")


def _config_text(source: object) -> str:
    from scanner.config.settings import ConfigSource

    if not isinstance(source, ConfigSource):
        return "none (built-in defaults)"
    return f"{source.path} ({source.origin})"
