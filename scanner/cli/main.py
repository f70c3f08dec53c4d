"""Entry point: the click group and the boundary that turns errors into exit codes."""
from __future__ import annotations

import logging
import sys

import click

from scanner import __version__
from scanner.constants import ExitCode
from scanner.cli.baseline_cmds import baseline_group
from scanner.cli.files_cmd import files_command
from scanner.cli.git_cmds import GIT_COMMANDS
from scanner.cli.info_cmds import config_group, rules_command
from scanner.cli.verify_cmds import purge_plan_command, report_command, revoke_command

log = logging.getLogger(__name__)

HELP = """Find leaked ViaFoundry Personal Access Tokens.

\b
Configuration precedence, highest first:
  1. command-line options
  2. --config FILE
  3. the file named by $VIAFOUNDRY_SCAN_CONFIG
  4. .viafoundry-scan.toml in the scanned folder or a parent (up to the repository top)
  5. [tool.viafoundry-scan] in pyproject.toml in those folders
  6. built-in defaults and the shipped rules
Only the first config file found is read.

\b
Exit codes:
  0    no tokens found
  1    tokens found
  2    usage error
  3    invalid config or rule file
  4    scan failure (unreadable input, git failure)
  130  interrupted
"""


class ExitCodeGroup(click.Group):
    """A group that exits with the integer its subcommand returns.

    click drops a command's return value in standalone mode (CliRunner, a
    plain ``cli()`` call), which would turn exit code 1 into 0.
    """

    def invoke(self, ctx: click.Context) -> object:
        result = super().invoke(ctx)
        if isinstance(result, int) and not isinstance(result, bool):
            ctx.exit(result)
        return result


@click.group(cls=ExitCodeGroup, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="viafoundry-scan")
def cli() -> None:
    pass


cli.add_command(files_command)
for _command in GIT_COMMANDS:
    cli.add_command(_command)
cli.add_command(baseline_group)
cli.add_command(rules_command)
cli.add_command(config_group)
for _command in (report_command, revoke_command, purge_plan_command):
    cli.add_command(_command)


def main() -> None:
    """Run the CLI and exit with the documented code; never show a traceback by default."""
    try:
        code = cli.main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("viafoundry-scan: interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as exit_request:
        sys.exit(exit_request.exit_code)
    except Exception as error:  # the last resort: report briefly, fail closed
        if "--debug" in sys.argv:
            log.exception("unexpected error")
        click.echo(
            f"viafoundry-scan: unexpected error: {type(error).__name__}: {error}. "
            "Rerun with --debug for details and report it.",
            err=True,
        )
        sys.exit(ExitCode.SCAN_FAILURE)
    sys.exit(code if isinstance(code, int) else 0)
