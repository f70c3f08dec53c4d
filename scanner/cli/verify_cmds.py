"""`report`, `revoke` and `purge-plan`: act on a JSON scan report (``--format json``)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from scanner.constants import ExitCode

_FROM = click.option("--from", "report_file", required=True, type=click.Path(dir_okay=False),
                     help="JSON scan report to read (from a scan with --format json).")
_ROOT = click.option("--root", type=click.Path(file_okay=False, exists=True), default=".", show_default=True,
                     help="Folder the report's paths are relative to (the scanned folder or repository).")


@click.command("report")
@_FROM
@click.option("--format", "output_format", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file instead of standard output.")
def report_command(report_file: str, output_format: str, output: str | None) -> None:
    """Write the revocation report: each live token, where it is live, who leaked it and where.

    Tokens are shown redacted. Tokens that are unknown, not checked or
    revoked are listed after the live ones.
    """
    from scanner.remediation.markdown import render, summary
    from scanner.remediation.model import group_findings
    from scanner.remediation.scan_file import load_findings

    tokens = group_findings(load_findings(report_file))
    if output_format == "json":
        text = json.dumps({"summary": summary(tokens), "tokens": [t.to_dict() for t in tokens]}, indent=2) + "\n"
    else:
        text = render(tokens)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@click.command("revoke")
@_FROM
@_ROOT
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Config file with [verify] and [revoke]; default: your user config.")
@click.option("--viafoundry-url", metavar="URL", default=None, help="Base URL of your ViaFoundry server.")
@click.option("--yes", is_flag=True, help="Revoke without the confirmation prompt; needed when standard input is closed (as in CI).")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.option("--debug", is_flag=True, help="Log debug details to stderr (tokens stay redacted).")
def revoke_command(report_file: str, root: str, config_file: str | None, viafoundry_url: str | None,
                   yes: bool, verbose: bool, debug: bool) -> None:
    """Revoke the tokens of a scan report that are live now.

    The report holds only hashes, so each token is read again from the
    locations the report names (below --root) and must match its recorded
    hash. Each is checked on the server again, and only live ones are sent to
    the revocation endpoint configured under [revoke]; running it twice
    revokes nothing the second time. Exit code 0 when every live token was
    revoked (or the prompt was declined), 2 when standard input is closed
    and --yes is missing, 3 when [revoke] is not configured, 4 when a
    revocation failed or a token could not be re-read or checked (it may
    still be live).
    """
    from scanner.cli.logs import setup_logging
    from scanner.config.loader import load_settings
    from scanner.remediation.model import group_findings
    from scanner.remediation.revoke import find_live, require_revoke_endpoint, revoke_all
    from scanner.remediation.scan_file import load_findings
    from scanner.verify.client import TemplateClient
    from scanner.verify.config import resolve

    setup_logging(verbose, debug)
    tokens = [t for t in group_findings(load_findings(report_file)) if t.status != "revoked"]
    config = resolve(load_settings(config_file, Path(root)), viafoundry_url)
    for warning in config.warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")
    require_revoke_endpoint(config)  # before any request: without it, checking tokens is wasted work
    client = TemplateClient(config)
    candidates, skipped = find_live(tokens, config, Path(root), client)
    for outcome in skipped:
        click.echo(f"{outcome.token.redacted}: {outcome.result} ({outcome.detail})")
    unresolved = [o for o in skipped if o.result in ("unknown", "not found")]
    if unresolved:
        click.secho(f"warning: {len(unresolved)} token(s) could not be re-read or checked and may still be live; "
                    "revoke them in ViaFoundry (Profile > Personal Access Tokens) by hand", err=True, fg="yellow")
    if not candidates:
        if unresolved:
            click.echo("Nothing revoked.")
            click.get_current_context().exit(int(ExitCode.SCAN_FAILURE))
        click.echo("Nothing to revoke: no token of the report is live now.")
        click.get_current_context().exit(int(ExitCode.CLEAN))
    click.echo(f"{len(candidates)} live token(s) will be sent to the revocation endpoint:")
    for candidate in candidates:
        click.echo(f"  {candidate.token.redacted} ({candidate.token.token_type}) on {candidate.host}")
    answer = True if yes else _ask_to_revoke()
    if answer is None:
        click.echo("Nothing was revoked: standard input is closed, so the prompt got no answer. "
                   "Pass --yes to revoke without the prompt.", err=True)
        click.get_current_context().exit(int(ExitCode.USAGE_ERROR))
    if not answer:
        click.echo("Nothing revoked.")
        click.get_current_context().exit(int(ExitCode.CLEAN))
    outcomes = revoke_all(candidates, config, client,
                          lambda o: click.echo(f"{o.token.redacted}: {o.result} ({o.detail})"))
    failed = any(o.result == "failed" for o in outcomes) or bool(unresolved)
    click.get_current_context().exit(int(ExitCode.SCAN_FAILURE if failed else ExitCode.CLEAN))


def _ask_to_revoke() -> bool | None:
    """Ask on standard input whether to revoke; return None when it is closed, so no reply can arrive.

    click.confirm turns end of input into the same Abort as Ctrl-C, which
    the CLI reports as an interruption, so the prompt reads the line itself.
    Ctrl-C still raises KeyboardInterrupt.
    """
    while True:
        click.echo("Revoke them now? [y/N]: ", nl=False)
        line = sys.stdin.readline()
        if not line:
            click.echo()
            return None
        answer = line.strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("", "n", "no"):
            return False
        click.echo("Please answer y or n.")


@click.command("purge-plan")
@_FROM
@_ROOT
@click.option("--write-replacements", "replacements", type=click.Path(dir_okay=False), default=None,
              help="Also write the git filter-repo replacements file here (mode 0600; it contains the token text).")
def purge_plan_command(report_file: str, root: str, replacements: str | None) -> None:
    """Print the steps to remove tokens from git history after revoking them.

    Lists the commits and paths involved, and the filter-repo, force-push and
    re-clone steps. The replacements file for `git filter-repo --replace-text`
    and `--replace-message` (file contents and commit messages) contains the
    token text, so it is written only with --write-replacements.
    """
    from scanner.remediation.model import group_findings
    from scanner.remediation.purge import render_plan, write_replacements
    from scanner.remediation.reread import recover_token
    from scanner.remediation.scan_file import load_findings

    tokens = group_findings(load_findings(report_file))
    if replacements:
        secrets: list[str] = []
        missing: list[str] = []
        for token in (t for t in tokens if t.in_history):
            secret = recover_token(token, Path(root))
            if secret is None:
                missing.append(token.redacted)
            else:
                secrets.append(secret)
        for redacted in missing:
            click.secho(f"warning: {redacted} could not be read again from its locations; "
                        "add it to the replacements file by hand", err=True, fg="yellow")
        write_replacements(replacements, secrets)
    click.echo(render_plan(tokens, replacements), nl=False)
