"""Run git with a neutral environment.

Git reads hooks, fsmonitor, textconv and external diff commands from the
user's and the system's config, and any of them can run code. Every call
here ignores those config files, strips inherited GIT_* variables except the
few that locate the repository and its index (pre-commit's ``commit -a``
uses a temporary GIT_INDEX_FILE), and forces the C locale so that messages
and paths are stable.
"""
from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from scanner.errors import ScanFailure

log = logging.getLogger(__name__)

#: Inherited variables that select the repository, work tree and index.
_KEPT_GIT_VARIABLES = frozenset(
    {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
     "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_NAMESPACE"}
)

#: Config that disables every git feature able to run a user-supplied command.
_SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "diff.external=",
    "core.pager=cat",
    "core.quotePath=false",
    "gc.auto=0",
    "maintenance.auto=false",
)

DEFAULT_TIMEOUT = 600.0


def neutral_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return ``base`` (default: os.environ) cleaned for running git."""
    source = os.environ if base is None else base
    env = {k: v for k, v in source.items() if not k.startswith("GIT_") or k in _KEPT_GIT_VARIABLES}
    env.update(
        {
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_NO_REPLACE_OBJECTS": "1",
            "LC_ALL": "C",
            "LANG": "C",
        }
    )
    return env


def git_argv(args: Sequence[str]) -> list[str]:
    """Return the full argument vector for ``git args``, with the safe config."""
    argv = ["git"]
    for item in _SAFE_CONFIG:
        argv += ["-c", item]
    return argv + list(args)


def run_git(
    args: Sequence[str],
    cwd: str | Path,
    *,
    input_bytes: bytes | None = None,
    check: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``cwd`` and return the completed process (stdout as bytes).

    Raises ScanFailure when git is missing, times out, or (with ``check``)
    exits non-zero; the message quotes git's own explanation and turns the
    common cases (not a repository, dubious ownership) into advice.
    """
    argv = git_argv(args)
    log.debug("running git %s in %s", " ".join(args), cwd)
    try:
        result = subprocess.run(
            argv, cwd=cwd, input=input_bytes, capture_output=True, env=neutral_environment(), timeout=timeout
        )
    except FileNotFoundError:
        raise ScanFailure("git was not found on PATH; install git and try again") from None
    except subprocess.TimeoutExpired:
        raise ScanFailure(f"git {args[0]} did not finish within {timeout:.0f} s in {cwd}") from None
    if check and result.returncode != 0:
        raise ScanFailure(explain_git_error(args, cwd, result.stderr.decode("utf-8", "replace")))
    return result


def explain_git_error(args: Sequence[str], cwd: str | Path, stderr: str) -> str:
    """Return a message for a failed git command, with the next step for the user."""
    text = stderr.strip()
    if "detected dubious ownership" in text:
        return (
            f"git refuses to read {cwd} because another user owns it (dubious ownership). "
            f"If you trust it, run: git config --global --add safe.directory '{cwd}'"
        )
    if "not a git repository" in text:
        return f"{cwd} is not a git repository (or any of its parents); run the scan inside a git checkout"
    return f"git {args[0]} failed in {cwd}: {text.splitlines()[-1] if text else 'no message'}"


def ignored_paths(root: Path, relative_paths: Sequence[str]) -> set[str]:
    """Return the subset of ``relative_paths`` (below ``root``) that git ignores.

    Returns an empty set when ``root`` is not inside a git work tree.
    """
    if not relative_paths:
        return set()
    probe = run_git(["rev-parse", "--is-inside-work-tree"], root, check=False)
    if probe.returncode != 0 or probe.stdout.strip() != b"true":
        return set()
    payload = b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in relative_paths)
    result = run_git(["check-ignore", "--stdin", "-z"], root, input_bytes=payload, check=False)
    if result.returncode not in (0, 1):
        raise ScanFailure(explain_git_error(["check-ignore"], root, result.stderr.decode("utf-8", "replace")))
    return {p.decode("utf-8", "surrogateescape") for p in result.stdout.split(b"\0") if p}
