"""Build the benchmark corpora as git repositories under bench/.cache/.

Three kinds of history, all built with ``git fast-import`` so that no work
tree or index is involved and a 100,000-commit history takes seconds:

- ``requests`` and ``pycryptodome``: every release whose source archive pip
  can fetch from PyPI, committed in version order with the release's date
  (the newest file time inside the archive);
- ``synthetic``: a generated history of 100,000 small commits, for scale.

Each history gets planted tokens (generated at run time, never stored in
this repository) in a few commits; ``planted.json`` next to the repository
records the SHA-256 of every planted token, the commit message that carries
it and its path, so the harness can check that every scanner finds them all.

Run ``python bench/corpus.py --help`` for the options; ``bench/run.py``
calls :func:`ensure_corpus` itself.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import json
import logging
import random
import shutil
import string
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

log = logging.getLogger("bench.corpus")

CACHE = Path(__file__).resolve().parent / ".cache"
ALNUM = string.ascii_letters + string.digits
#: Release archives larger than this are skipped (keeps downloads bounded).
MAX_ARCHIVE_BYTES = 40 * 1024 * 1024
#: Files inside an archive larger than this are left out of the commit.
MAX_MEMBER_BYTES = 8 * 1024 * 1024

PYPI_CORPORA = {"requests": None, "pycryptodome": None}


@dataclasses.dataclass
class Planted:
    """One token placed in a corpus: what it is (by hash), where and in which commit."""

    rule: str
    sha256: str
    path: str
    commit_subject: str


def make_token(rng: random.Random, mcp: bool) -> str:
    """Return a fresh fake token: 128 random [A-Za-z0-9] characters, with via_mcp_ for MCP."""
    body = "".join(rng.choice(ALNUM) for _ in range(128))
    return "via_mcp_" + body if mcp else body


# --- PyPI release archives -------------------------------------------------------------


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    # The tools venv has setuptools and wheel, which preparing an sdist's
    # metadata without build isolation needs (see bench/tools.py).
    python = CACHE / "tools" / "bin" / "python"
    executable = str(python) if python.exists() else sys.executable
    return subprocess.run([executable, "-m", "pip", *args], capture_output=True, text=True)


def release_versions(package: str) -> list[str]:
    """Return the package's final releases, oldest first (from ``pip index versions``)."""
    result = _pip("index", "versions", package)
    for line in result.stdout.splitlines():
        if line.startswith("Available versions:"):
            return list(reversed([v.strip() for v in line.split(":", 1)[1].split(",") if v.strip()]))
    raise RuntimeError(f"pip index versions {package} failed: {result.stderr.strip()[-300:]}")


def download_release(package: str, version: str, target: Path) -> Path | None:
    """Fetch one release archive with pip: the sdist, else a pure-Python wheel.

    pip prepares an sdist's metadata after downloading it, which runs the
    release's setup.py; very old releases fail that on Python 3.11, so the
    wheel (when there is one) stands in. Returns None when neither works.
    """
    target.mkdir(parents=True, exist_ok=True)
    existing = sorted(target.glob(f"*-{version}.*")) + sorted(target.glob(f"*-{version}-*"))
    if existing:
        return existing[0]
    spec = f"{package}=={version}"
    for mode in (["--no-binary", ":all:", "--no-build-isolation"], ["--only-binary", ":all:"]):
        scratch = target / f".tmp-{version}"
        shutil.rmtree(scratch, ignore_errors=True)
        result = _pip("download", "-q", "--no-deps", *mode, spec, "-d", str(scratch))
        files = [f for f in scratch.glob("*") if f.is_file()] if scratch.exists() else []
        if result.returncode == 0 and files:
            final = target / files[0].name
            files[0].replace(final)
            shutil.rmtree(scratch, ignore_errors=True)
            return final
        shutil.rmtree(scratch, ignore_errors=True)
    log.warning("skipped %s: pip could not fetch an archive", spec)
    return None


def archive_members(archive: Path) -> tuple[list[tuple[str, bytes, bool]], int]:
    """Return (path, content, executable) for each regular file, and the newest file time.

    The leading ``name-version/`` folder of an sdist is dropped, so successive
    releases line up path by path.
    """
    members: list[tuple[str, bytes, bool]] = []
    newest = 0
    if archive.name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as zipped:
            for info in zipped.infolist():
                if info.is_dir() or info.file_size > MAX_MEMBER_BYTES:
                    continue
                members.append((info.filename, zipped.read(info), False))
                newest = max(newest, _zip_time(info.date_time))
    else:
        with tarfile.open(archive) as tarred:
            for info in tarred:
                if not info.isfile() or info.size > MAX_MEMBER_BYTES:
                    continue
                handle = tarred.extractfile(info)
                if handle is not None:
                    members.append((info.name, handle.read(), bool(info.mode & 0o111)))
                    newest = max(newest, int(info.mtime))
    return _strip_top_folder(members), newest


def _zip_time(date_time: tuple[int, int, int, int, int, int]) -> int:
    import calendar

    return calendar.timegm((*date_time, 0, 0, 0)) if date_time[0] > 1980 else 0


def _strip_top_folder(members: list[tuple[str, bytes, bool]]) -> list[tuple[str, bytes, bool]]:
    tops = {name.split("/", 1)[0] for name, _, _ in members}
    if len(tops) == 1 and all("/" in name for name, _, _ in members):
        return [(name.split("/", 1)[1], data, ex) for name, data, ex in members]
    return members


# --- fast-import stream --------------------------------------------------------------


class FastImport:
    """Write a ``git fast-import`` stream into a fresh repository."""

    def __init__(self, repo: Path) -> None:
        shutil.rmtree(repo, ignore_errors=True)
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(repo)], check=True)
        self.process = subprocess.Popen(
            ["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE
        )
        assert self.process.stdin is not None
        self.out = io.BufferedWriter(self.process.stdin, 1 << 20)  # type: ignore[arg-type]
        self.mark = 0
        self.commits = 0

    def commit(self, subject: str, when: int, files: Iterator[tuple[str, bytes, bool]] | list,
               deleteall: bool = False, deletes: tuple[str, ...] = ()) -> None:
        """Add a commit on main that writes ``files`` (and removes ``deletes``)."""
        self.commits += 1
        message = subject.encode()
        head = (
            f"commit refs/heads/main\n"
            f"committer Bench Corpus <bench@example.invalid> {when} +0000\n"
            f"data {len(message)}\n"
        ).encode() + message + b"\n"
        self.out.write(head)
        if deleteall:
            self.out.write(b"deleteall\n")
        for path in deletes:
            self.out.write(b"D " + path.encode() + b"\n")
        for path, data, executable in files:
            mode = b"100755" if executable else b"100644"
            self.out.write(b"M " + mode + b" inline " + _quote(path) + b"\n")
            self.out.write(b"data %d\n" % len(data) + data + b"\n")
        self.out.write(b"\n")

    def close(self) -> None:
        self.out.write(b"done\n")
        self.out.flush()
        self.out.close()
        if self.process.wait() != 0:
            raise RuntimeError("git fast-import failed")


def _quote(path: str) -> bytes:
    raw = path.encode("utf-8", "surrogateescape")
    if any(c in raw for c in b'"\n\\') or raw.startswith(b'"'):
        return b'"' + raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") + b'"'
    return raw


# --- planting -------------------------------------------------------------------------


def plant_files(rng: random.Random, n: int) -> tuple[list[tuple[str, bytes, bool]], list[Planted], str]:
    """Return files that carry two tokens (one of each rule) for the ``n``-th planting."""
    mcp = make_token(rng, mcp=True)
    general = make_token(rng, mcp=False)
    subject = f"bench: plant tokens #{n}"
    mcp_path = f"bench-planted/{n}/.cursor/mcp.json"
    env_path = f"bench-planted/{n}/deploy.env"
    mcp_json = json.dumps({"mcpServers": {"viafoundry": {"env": {"VIAFOUNDRY_MCP_TOKEN": mcp}}}}, indent=2)
    env_text = f"# deployment settings\nVIAFOUNDRY_HOST=https://demo.viafoundry.com\nVIAFOUNDRY_TOKEN={general}\n"
    planted = [
        Planted("viafoundry-mcp-token", hashlib.sha256(mcp.encode()).hexdigest(), mcp_path, subject),
        Planted("viafoundry-general-token", hashlib.sha256(general.encode()).hexdigest(), env_path, subject),
    ]
    files = [(mcp_path, mcp_json.encode() + b"\n", False), (env_path, env_text.encode(), False)]
    return files, planted, subject


# --- corpora ------------------------------------------------------------------------


def build_pypi_corpus(package: str, limit: int | None = None, jobs: int = 4) -> Path:
    """Build (or reuse) the history of ``package``'s releases; return the repository path."""
    repo = CACHE / "corpora" / package
    if (repo / "planted.json").exists():
        return repo / "repo.git"
    versions = release_versions(package)
    if limit:
        versions = versions[-limit:]
    archives_dir = CACHE / "archives" / package
    log.info("fetching %d releases of %s with pip", len(versions), package)
    with ThreadPoolExecutor(jobs) as pool:
        archives = list(pool.map(lambda v: download_release(package, v, archives_dir), versions))
    rng = random.Random(f"bench-{package}")
    fast = FastImport(repo / "repo.git")
    planted: list[Planted] = []
    present = [(v, a) for v, a in zip(versions, archives) if a is not None]
    plant_at = {len(present) // 4, len(present) // 2, (3 * len(present)) // 4}
    last_when = 0
    for index, (version, archive) in enumerate(present):
        members, newest = archive_members(archive)
        last_when = max(newest, last_when + 1)
        extra: list[tuple[str, bytes, bool]] = []
        if index in plant_at:
            extra, tokens, _ = plant_files(rng, len(planted) // 2 + 1)
            planted += [dataclasses.replace(t, commit_subject=f"{package} {version}") for t in tokens]
        fast.commit(f"{package} {version}", last_when, members + extra, deleteall=True)
    fast.close()
    _gc(repo / "repo.git")
    (repo / "planted.json").write_text(json.dumps([dataclasses.asdict(p) for p in planted], indent=2))
    log.info("built %s: %d commits", repo, fast.commits)
    return repo / "repo.git"


def build_synthetic_corpus(commits: int = 100_000, files: int = 2_000) -> Path:
    """Build (or reuse) a generated history of ``commits`` commits over ``files`` files.

    Each commit rewrites one small source-like file, so every commit adds one
    unique blob of about 1 KB; three commits also plant tokens.
    """
    repo = CACHE / "corpora" / f"synthetic-{commits}"
    if (repo / "planted.json").exists():
        return repo / "repo.git"
    rng = random.Random("bench-synthetic")
    words = ["alpha", "beta", "gamma", "delta", "value", "config", "request", "handler", "token", "index"]
    fast = FastImport(repo / "repo.git")
    planted: list[Planted] = []
    plant_at = {commits // 4, commits // 2, (3 * commits) // 4}
    when = 1_500_000_000
    for number in range(commits):
        when += 60
        path = f"src/module_{number % files:04d}.py"
        lines = [f"# revision {number}"] + [
            f"{rng.choice(words)}_{i} = {rng.choice(words)!r}  # {rng.randrange(10**9)}" for i in range(24)
        ]
        changed = [(path, ("\n".join(lines) + "\n").encode(), False)]
        subject = f"edit {path} ({number})"
        if number in plant_at:
            extra, tokens, _ = plant_files(rng, len(planted) // 2 + 1)
            changed += extra
            planted += [dataclasses.replace(t, commit_subject=subject) for t in tokens]
        fast.commit(subject, when, changed)
    fast.close()
    _gc(repo / "repo.git")
    (repo / "planted.json").write_text(json.dumps([dataclasses.asdict(p) for p in planted], indent=2))
    return repo / "repo.git"


def _gc(repo: Path) -> None:
    """Pack the repository the way a clone would receive it (deltas, one pack)."""
    subprocess.run(["git", "-C", str(repo), "repack", "-adq", "--window=10"], check=True)


def ensure_corpus(name: str, limit: int | None = None) -> Path:
    """Return the repository of a named corpus, building it when missing."""
    if name.startswith("synthetic"):
        count = int(name.split("-", 1)[1]) if "-" in name else 100_000
        return build_synthetic_corpus(count)
    return build_pypi_corpus(name, limit)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", default=["requests", "pycryptodome", "synthetic-100000"])
    parser.add_argument("--limit", type=int, help="only the newest N releases of a PyPI package")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for name in args.corpora:
        print(ensure_corpus(name, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
