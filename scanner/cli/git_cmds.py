"""Commands that scan git content: staged, commit-msg, history and pre-push."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scanner.cli.options import ScanOptions, finish_scan, scan_options

if TYPE_CHECKING:
    from scanner.config.settings import Settings
    from scanner.git.repository import Repository

_EXCLUDE = click.option("--exclude", multiple=True, metavar="GLOB",
                        help="Skip paths that match this glob (a path, file name or folder); repeatable.")


def _settings(options: ScanOptions, repository: Repository, exclude: tuple[str, ...] = ()) -> Settings:
    from scanner.config.loader import load_settings

    settings = load_settings(options.config_file, repository.top or Path.cwd())
    return options.apply_to(settings, excludes=exclude)


@click.command("staged")
@click.argument("files", nargs=-1, type=click.Path())
@_EXCLUDE
@scan_options
def staged_command(files: tuple[str, ...], exclude: tuple[str, ...], options: ScanOptions) -> int:
    """Scan the changes staged for the next commit (the index, not the work tree).

    Only lines that the staged diff adds are reported, numbered as in the
    staged file. FILES (pre-commit passes them) limit the scan to those
    files. A named file with no staged change is scanned whole from the
    work tree, so 'pre-commit run --all-files' checks every file. Put '--'
    before FILES when a name may start with '-'. Symbolic links are never
    followed; submodules are skipped with a warning.
    """
    from scanner.git.repository import open_repository
    from scanner.scans.staged import scan_staged

    repository = open_repository(".")
    settings = _settings(options, repository, exclude)
    report = scan_staged(repository, settings, files)
    return finish_scan(report, settings, options)


@click.command("commit-msg")
@click.argument("message_file", type=click.Path(exists=True, dir_okay=False))
@scan_options
def commit_msg_command(message_file: str, options: ScanOptions) -> int:
    """Scan a commit message file (git passes it to the commit-msg hook).

    Comment lines and the diff that 'git commit --verbose' appends are not
    scanned, because git leaves them out of the commit.
    """
    from scanner.config.loader import load_settings
    from scanner.scans.commit_message import scan_message_file

    settings = options.apply_to(load_settings(options.config_file, Path.cwd()))
    report = scan_message_file(message_file, settings)
    return finish_scan(report, settings, options)


@click.command("history")
@click.argument("repo", required=False, default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--branch", metavar="REF", help="Scan only the commits reachable from this branch, tag or sha.")
@click.option("--since", metavar="REV", help="Leave out commits reachable from REV (a pull request's base).")
@click.option("--range", "rev_range", metavar="A..B", help="Scan only the commits in B that are not in A.")
@click.option("--include-unreachable", is_flag=True,
              help="Also scan the stash, the reflog, and commits and blobs that no ref reaches.")
@_EXCLUDE
@scan_options
def history_command(repo: str, branch: str | None, since: str | None, rev_range: str | None,
                    include_unreachable: bool, exclude: tuple[str, ...], options: ScanOptions) -> int:
    """Scan every commit of a repository (all refs by default): files and commit messages.

    Each finding names the commit that introduced it, with its author and
    date, and lists other commits and paths that carry the same token.
    Works in bare repositories, worktrees and shallow clones (with a warning
    that history is cut).
    """
    from scanner.git.repository import open_repository
    from scanner.scans.revisions import history_revisions

    repository = open_repository(repo)
    settings = _settings(options, repository, exclude)
    revisions = history_revisions(repository, branch, since, rev_range, include_unreachable)
    return _run_history(repository, settings, revisions, include_unreachable, options)


@click.command("pre-push")
@click.argument("remote", required=False)
@click.argument("url", required=False)
@_EXCLUDE
@scan_options
def pre_push_command(remote: str | None, url: str | None, exclude: tuple[str, ...], options: ScanOptions) -> int:
    """Scan the commits a push sends that the remote does not have yet.

    Reads PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF when pre-commit runs it,
    else the lines git writes to a pre-push hook's standard input.
    """
    from scanner.git.repository import open_repository
    from scanner.scans.revisions import push_revisions

    repository = open_repository(".")
    settings = _settings(options, repository, exclude)
    environ = dict(os.environ)
    if remote and "PRE_COMMIT_REMOTE_NAME" not in environ:
        environ["PRE_COMMIT_REMOTE_NAME"] = remote
    lines: list[str] = []
    if not any(key.startswith("PRE_COMMIT_") for key in os.environ) and not sys.stdin.isatty():
        lines = sys.stdin.read().splitlines()
    revisions = push_revisions(repository, environ, lines)
    if not revisions:
        from scanner.models import ScanReport, ScanStats

        report = ScanReport([], ScanStats(), ["nothing was scanned: the push sends no commits"], "pre-push")
        return finish_scan(report, settings, options)
    return _run_history(repository, settings, revisions, False, options)


def _run_history(repository: Repository, settings: Settings, revisions: list[str], include_unreachable: bool,
                 options: ScanOptions) -> int:
    from scanner.cli.git_progress import BlobProgress, progress_wanted
    from scanner.scans.history import scan_history

    with BlobProgress(progress_wanted()) as progress:
        report = scan_history(repository, settings, revisions, include_unreachable, progress.advance, progress.start)
    return finish_scan(report, settings, options)


GIT_COMMANDS = (staged_command, commit_msg_command, history_command, pre_push_command)
