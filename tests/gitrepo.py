"""A tiny builder of real, hermetic git repositories for tests."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests import tokens

AUTHOR = ("Test Author", "author@example.invalid")
DATE = "2026-01-02T03:04:05Z"


def fake_token(seed: int, mcp: bool = False) -> str:
    """Return a fake token built at run time (128 random [A-Za-z0-9] characters)."""
    return tokens.mcp(seed) if mcp else tokens.alnum(seed)


def hermetic_env(home: Path) -> dict[str, str]:
    """Return an environment with no user or system git config and fixed identities and dates."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    template = home / "git-template"
    template.mkdir(parents=True, exist_ok=True)
    env.update({
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(home),
        "GIT_AUTHOR_NAME": AUTHOR[0], "GIT_AUTHOR_EMAIL": AUTHOR[1], "GIT_AUTHOR_DATE": DATE,
        "GIT_COMMITTER_NAME": AUTHOR[0], "GIT_COMMITTER_EMAIL": AUTHOR[1], "GIT_COMMITTER_DATE": DATE,
        "GIT_TEMPLATE_DIR": str(template), "LC_ALL": "C",
    })
    env.pop("CI", None)
    return env


class GitRepo:
    """A repository in a temporary folder, driven by the real git."""

    def __init__(self, path: Path, *, bare: bool = False, init: bool = True) -> None:
        self.path = path
        self.env = hermetic_env(path.parent / (path.name + "-home"))
        if init:
            path.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main", *(["--bare"] if bare else []))
            if not bare:
                self.git("config", "commit.gpgsign", "false")
                self.git("config", "core.autocrlf", "false")

    def git(self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
        """Run git here and return its stdout; raise CalledProcessError with its stderr on failure."""
        result = subprocess.run(["git", *args], cwd=self.path, env={**self.env, **(env or {})}, input=input,
                                capture_output=True)
        if result.returncode != 0:
            raise subprocess.CalledProcessError(result.returncode, args, result.stdout, result.stderr)
        return result.stdout.decode("utf-8", "replace")

    def write(self, name: str, content: str | bytes) -> Path:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return target

    def add(self, *names: str) -> None:
        self.git("add", "--", *names)

    def commit(self, message: str = "change", *names: str) -> str:
        """Write nothing, stage ``names`` (if any), commit, and return the new sha."""
        if names:
            self.add(*names)
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.sha("HEAD")

    def commit_file(self, name: str, content: str | bytes, message: str = "change") -> str:
        self.write(name, content)
        return self.commit(message, name)

    def sha(self, revision: str) -> str:
        return self.git("rev-parse", revision).strip()


class ScanResult:
    """The outcome of one CLI run: exit code, parsed JSON report (when any) and stderr."""

    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
        self.findings: list[dict] = []
        if stdout.lstrip().startswith("{"):
            self.findings = json.loads(stdout)["findings"]

    def at(self, path: str | None, line: int) -> list[dict]:
        return [f for f in self.findings if f["path"] == path and f["line"] == line]

    def __repr__(self) -> str:
        return f"exit {self.code}\nstdout: {self.stdout[-2000:]}\nstderr: {self.stderr[-2000:]}"


def run_scanner(cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None,
                json_format: bool = True) -> ScanResult:
    """Run ``viafoundry-scan args`` (this checkout) in ``cwd`` and return the result.

    ``-P`` keeps ``cwd`` off sys.path, so a file such as copy.py in the test repository cannot shadow a module.
    """
    argv = [sys.executable, "-P", "-m", "scanner", *args, *(["--format", "json"] if json_format else [])]
    result = subprocess.run(argv, cwd=cwd, env=env, input=stdin or b"", capture_output=True)
    return ScanResult(result.returncode, result.stdout.decode("utf-8", "replace"),
                      result.stderr.decode("utf-8", "replace"))
