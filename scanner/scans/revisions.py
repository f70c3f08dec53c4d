"""Turn the history options (and pre-push input) into git log revision arguments.

Values from the user go after ``--end-of-options`` and are checked with
rev-parse first, so a value that starts with '-' cannot become a git
option and an unknown revision is a usage error that names the value.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import click

from scanner.git.commits import unreachable_objects
from scanner.git.repository import Repository, resolve_commit

#: Every ref except the stash, which counts as unreachable content (--include-unreachable).
DEFAULT_REFS = ["--exclude=refs/stash", "--all"]
_ZERO = re.compile(r"^0+$")


def history_revisions(
    repository: Repository,
    branch: str | None = None,
    since: str | None = None,
    rev_range: str | None = None,
    include_unreachable: bool = False,
) -> list[str]:
    """Return git log arguments that select the commits to scan.

    Raises click.UsageError for an unknown revision or an invalid range.
    """
    options: list[str] = []
    revisions: list[str] = []
    if branch:
        revisions.append(_checked(repository, branch, "--branch"))
    if rev_range:
        _check_range(repository, rev_range)
        revisions.append(rev_range)
    if not revisions:
        options += DEFAULT_REFS
    if since:
        revisions.append("^" + _checked(repository, since, "--since"))
    if include_unreachable:
        commits, _blobs = unreachable_objects(repository)
        options += ["--all", "--reflog"]
        revisions += commits
    return options + (["--end-of-options", *revisions] if revisions else [])


def push_revisions(repository: Repository, environ: Mapping[str, str], lines: Sequence[str]) -> list[str]:
    """Return git log arguments for the commits a push sends.

    pre-commit passes PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF (or only the
    branch for a branch with no commit on the remote). A plain git pre-push
    hook passes "<local ref> <local sha> <remote ref> <remote sha>" lines on
    standard input. Commits already on the remote are left out either way.
    """
    remote = environ.get("PRE_COMMIT_REMOTE_NAME", "")
    exclude_remote = ["--not", f"--remotes={remote}" if remote else "--remotes", "--not"]
    from_ref, to_ref = environ.get("PRE_COMMIT_FROM_REF"), environ.get("PRE_COMMIT_TO_REF")
    pairs: list[tuple[str, str | None]] = []
    if to_ref:
        pairs.append((to_ref, from_ref))
    elif environ.get("PRE_COMMIT_LOCAL_BRANCH"):
        pairs.append((environ["PRE_COMMIT_LOCAL_BRANCH"], None))
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            # A gate that cannot read its input must not pass the push.
            raise click.UsageError(
                f"pre-push input line {line.strip()[:80]!r} is not '<local ref> <local sha> <remote ref> "
                "<remote sha>'; run this command from a git pre-push hook or with pre-commit"
            )
        if not _ZERO.match(parts[1]):
            pairs.append((parts[1], parts[3]))
    revisions: list[str] = []
    for tip, base in pairs:
        revisions.append(_checked(repository, tip, "pushed ref"))
        if base and not _ZERO.match(base) and resolve_commit(repository, base):
            revisions.append("^" + base)
    if not revisions:
        return []
    return exclude_remote + ["--end-of-options", *revisions]


def _checked(repository: Repository, revision: str, option: str) -> str:
    if revision.startswith("-") or resolve_commit(repository, revision) is None:
        raise click.UsageError(f"{option} '{revision}' does not name a commit in {repository.cwd}; "
                               "check the branch, tag or sha")
    return revision


def _check_range(repository: Repository, rev_range: str) -> None:
    separator = "..." if "..." in rev_range else ".."
    if separator not in rev_range:
        raise click.UsageError(f"--range '{rev_range}' is not a range; write it as A..B (commits in B but not in A)")
    for side in rev_range.split(separator, 1):
        _checked(repository, side or "HEAD", "--range")
