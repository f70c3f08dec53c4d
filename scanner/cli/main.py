"""Entry point: the click group and the boundary that turns errors into exit codes."""
from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Mapping
from typing import Any

import click

from scanner import __version__
from scanner.constants import ExitCode

log = logging.getLogger(__name__)

#: Command name -> "module:attribute" of its click command. A command's
#: module is imported only when that command runs (or when ``--help`` lists
#: every command), so the pre-commit hook does not pay for the imports of
#: the commands it does not run.
COMMANDS: dict[str, str] = {
    "files": "scanner.cli.files_cmd:files_command",
    "staged": "scanner.cli.git_cmds:staged_command",
    "commit-msg": "scanner.cli.git_cmds:commit_msg_command",
    "history": "scanner.cli.git_cmds:history_command",
    "pre-push": "scanner.cli.git_cmds:pre_push_command",
    "baseline": "scanner.cli.baseline_cmds:baseline_group",
    "rules": "scanner.cli.info_cmds:rules_command",
    "config": "scanner.cli.info_cmds:config_group",
    "report": "scanner.cli.verify_cmds:report_command",
    "revoke": "scanner.cli.verify_cmds:revoke_command",
    "purge-plan": "scanner.cli.verify_cmds:purge_plan_command",
}

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


class LazyGroup(click.Group):
    """A group whose subcommands are imported by name when first looked up.

    ``lazy_commands`` maps each command name to "module:attribute". click
    looks a command up only to run it, to complete it, or to list it in
    ``--help``. The help listing imports every command's module, so each
    short help shown is the one its command declares.
    """

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(self._load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def _load(self, cmd_name: str) -> click.Command:
        """Import the command registered as ``cmd_name``. Raise RuntimeError when the entry names no command."""
        module_name, _, attribute = self.lazy_commands[cmd_name].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise RuntimeError(f"{self.lazy_commands[cmd_name]} is not a click command")
        return command


class ExitCodeGroup(LazyGroup):
    """A group that exits with the integer its subcommand returns.

    click drops a command's return value in standalone mode (CliRunner, a
    plain ``cli()`` call), which would turn exit code 1 into 0.
    """

    def invoke(self, ctx: click.Context) -> object:
        result = super().invoke(ctx)
        if isinstance(result, int) and not isinstance(result, bool):
            ctx.exit(result)
        return result


@click.group(cls=ExitCodeGroup, lazy_commands=COMMANDS, help=HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="viafoundry-scan")
def cli() -> None:
    pass


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
