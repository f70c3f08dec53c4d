"""Start-up cost of the CLI: which modules a command imports, and the lazy command table.

The pre-commit hook runs ``staged`` on every commit, so its imports are
checked here by module name. Timing lives in bench/, not in tests.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scanner.cli.main import COMMANDS, cli
from tests.gitrepo import GitRepo, fake_token

#: Writes the sorted names in sys.modules to argv[1] when the interpreter exits,
#: then runs the CLI with the remaining arguments.
_RECORD_MODULES = """
import atexit, sys
target = sys.argv[1]
atexit.register(lambda: open(target, "w").write("\\n".join(sorted(sys.modules))))
sys.argv = ["viafoundry-scan", *sys.argv[2:]]
from scanner.cli.main import main
main()
"""


def modules_after(cwd: Path, tmp_path: Path, *args: str,
                  env: dict[str, str] | None = None) -> tuple[int, set[str]]:
    """Run the CLI with ``args`` in a fresh interpreter. Return its exit code and the modules it imported."""
    record = tmp_path / "modules.txt"
    result = subprocess.run([sys.executable, "-P", "-c", _RECORD_MODULES, str(record), *args], cwd=cwd, env=env,
                            capture_output=True, check=False)
    return result.returncode, set(record.read_text().splitlines())


def modules_of_import(statement: str) -> set[str]:
    """Run ``statement`` in a fresh interpreter and return the modules then loaded."""
    code = f"{statement}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.splitlines())


def test_main_import_loads_no_command():
    loaded = modules_of_import("import scanner.cli.main")
    command_modules = {entry.partition(":")[0] for entry in COMMANDS.values()}
    assert loaded.isdisjoint(command_modules), sorted(loaded & command_modules)
    assert "scanner.verify" not in loaded
    assert "git" not in loaded


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_table_entry_resolves(name):
    with click.Context(cli) as ctx:
        command = cli.get_command(ctx, name)
    assert isinstance(command, click.Command)
    assert command.name == name


def test_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:", 1)[1]
    for name, entry in COMMANDS.items():
        module_name, _, attribute = entry.partition(":")
        short_help = getattr(sys.modules[module_name], attribute).get_short_help_str(limit=200)
        assert f"  {name} " in listed
        assert short_help[:20] in listed, f"{name}: {short_help!r} missing"


def test_unknown_command_is_usage_error():
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command 'no-such-command'" in result.output


def test_staged_imports_only_its_path(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit_file("README.md", "readme\n", "init")
    repo.write("app.env", f"VIAFOUNDRY_TOKEN={fake_token(1)}\n")
    repo.add("app.env")
    code, loaded = modules_after(repo.path, tmp_path, "staged", env=repo.env)
    assert code == 1, "the staged scan did not find the token"
    for unneeded in ("git", "scanner.verify", "scanner.cli.files_cmd", "scanner.cli.verify_cmds",
                     "scanner.cli.baseline_cmds", "scanner.cli.info_cmds", "scanner.scans.history",
                     "scanner.baseline.store", "scanner.baseline.model"):
        assert unneeded not in loaded, unneeded


def test_scan_options_import_no_reporter():
    loaded = modules_of_import("import scanner.cli.options, scanner.reporters")
    reporters = sorted(name for name in loaded if name.startswith("scanner.reporters."))
    assert reporters == []
    assert "scanner.config.settings" not in loaded
    assert "regex" not in loaded
