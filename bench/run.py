"""Benchmark viafoundry-scan against the git floor, ripgrep, Kingfisher and gitleaks.

One command (see bench/README.md) builds the corpora, installs the
competitors into bench/.cache/tools, runs every case ``--runs`` times and
prints a markdown table of median wall times, ratios and peak memory, plus
a check that every tool found every planted token. Results are also written
as JSON to bench/results/.

Cases:
- history: each corpus's whole history. Floor: ``git cat-file
  --batch-all-objects --batch --unordered``, which any blob-level scan reads.
- files: the newest tree of the largest PyPI corpus, checked out. Floor: ripgrep.
- staged: a two-file change in a small repository. Floor: ``python -c pass``.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import logging
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
import measure  # noqa: E402
import tools  # noqa: E402

log = logging.getLogger("bench")

HERE = Path(__file__).resolve().parent
RULES = HERE / "rules"
RESULTS = HERE / "results"
OUT = corpus.CACHE / "out"
TOKEN_RE = re.compile(r"via_mcp_[A-Za-z0-9]{128}|[A-Za-z0-9]{128}|[0-9a-f]{64}")


@dataclasses.dataclass
class Row:
    """One tool on one case."""

    case: str
    tool: str
    timing: measure.Timing | None
    note: str = ""
    planted_found: str = ""


def secret_hashes(output: Path | None) -> set[str]:
    """Return SHA-256 hashes of token-shaped strings in a report, plus hashes it names."""
    if output is None or not output.exists():
        return set()
    text = output.read_text("utf-8", "replace")
    found: set[str] = set()
    for match in TOKEN_RE.finditer(text):
        value = match.group(0)
        found.add(hashlib.sha256(value.encode()).hexdigest())
        if len(value) == 64:
            found.add(value)
    return found


def planted_check(output: Path | None, planted: list[dict[str, str]]) -> str:
    hashes = secret_hashes(output)
    hit = sum(1 for p in planted if p["sha256"] in hashes)
    return f"{hit}/{len(planted)}"


def history_commands(repo: Path, found: dict[str, str | None], out: Path) -> dict[str, list[str] | None]:
    scan = found["viafoundry-scan"]
    kingfisher, gitleaks = found["kingfisher"], found["gitleaks"]
    return {
        "git cat-file (floor)": ["git", "-C", str(repo), "cat-file", "--batch-all-objects", "--batch", "--unordered"],
        "stdlib re over cat-file": [sys.executable, str(HERE / "re_floor.py"), str(repo)],
        "viafoundry-scan": [scan, "history", str(repo), "--format", "json", "--output", str(out / "vf.json")]
        if scan and _has_command(scan, "history") else None,
        "kingfisher": _kingfisher(kingfisher, str(repo), out / "kf.json", ["--git-history", "full"]),
        "gitleaks": [gitleaks, "git", str(repo), "-c", str(RULES / "gitleaks.toml"), "-r", str(out / "gl.json"),
                     "-f", "json", "--no-banner", "--log-level", "error"] if gitleaks else None,
    }


def files_commands(tree: Path, found: dict[str, str | None], out: Path) -> dict[str, list[str] | None]:
    scan, rg = found["viafoundry-scan"], found["rg"]
    return {
        "ripgrep (floor)": [rg, "--no-ignore", "--hidden", "-c", "-e", "via_mcp_[A-Za-z0-9]{128}",
                            "-e", "[A-Za-z0-9]{128}", str(tree)] if rg else None,
        "viafoundry-scan": [scan, "files", str(tree), "--format", "json", "--output", str(out / "vf.json")]
        if scan else None,
        "kingfisher": _kingfisher(found["kingfisher"], str(tree), out / "kf.json", ["--git-history", "none"]),
        "gitleaks": [found["gitleaks"], "dir", str(tree), "-c", str(RULES / "gitleaks.toml"), "-r",
                     str(out / "gl.json"), "-f", "json", "--no-banner", "--log-level", "error"]
        if found["gitleaks"] else None,
    }


def staged_commands(repo: Path, found: dict[str, str | None], out: Path) -> dict[str, list[str] | None]:
    scan, hook = found["viafoundry-scan"], found["detect-secrets-hook"]
    return {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "viafoundry-scan": [scan, "staged", "--format", "json", "--output", str(out / "vf.json")]
        if scan and _has_command(scan, "staged") else None,
        "detect-secrets-hook": [hook, "app/settings.env", "app/mcp.json"] if hook else None,
        "kingfisher": _kingfisher(found["kingfisher"], ".", out / "kf.json", ["--staged"]),
        "gitleaks": [found["gitleaks"], "git", "--pre-commit", "--staged", "-c", str(RULES / "gitleaks.toml"),
                     "-r", str(out / "gl.json"), "-f", "json", "--no-banner", "--log-level", "error", "."]
        if found["gitleaks"] else None,
    }


def _kingfisher(path: str | None, target: str, output: Path, extra: list[str]) -> list[str] | None:
    if path is None:
        return None
    return [path, "scan", target, "--load-builtins", "false", "--rules-path", str(RULES / "kingfisher.yaml"),
            "--no-validate", "--no-update-check", "--format", "json", "--output", str(output), *extra]


def _has_command(scan: str, name: str) -> bool:
    return subprocess.run([scan, name, "--help"], capture_output=True).returncode == 0


def run_case(case: str, cwd: Path, commands: dict[str, list[str] | None], runs: int,
             planted: list[dict[str, str]], out: Path) -> list[Row]:
    rows: list[Row] = []
    for tool, argv in commands.items():
        if argv is None:
            rows.append(Row(case, tool, None, "not available"))
            continue
        log.info("%s: %s", case, tool)
        for stale in out.glob("*.json"):
            stale.unlink()
        stdout = out / "stdout.txt"
        timing = measure.timed(argv, cwd, runs, stdout=stdout)
        log.info("%s: %s: median %.3f s, peak %.0f MiB", case, tool, timing.median_s, timing.peak_mib)
        report = next((p for p in out.glob("*.json")), stdout)
        check = planted_check(report, planted) if planted and "floor" not in tool and "re " not in tool else ""
        rows.append(Row(case, tool, timing, planted_found=check))
    return rows


def blob_stats(repo: Path) -> tuple[int, int, int]:
    """Return (commits, unique blobs, unique blob bytes) of a repository."""
    check = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch-all-objects", "--batch-check",
                            "--unordered"], capture_output=True, check=True).stdout
    blobs = size = 0
    for line in check.splitlines():
        _, kind, length = line.split()
        if kind == b"blob":
            blobs += 1
            size += int(length)
    commits = int(subprocess.run(["git", "-C", str(repo), "rev-list", "--all", "--count"], capture_output=True,
                                 text=True, check=True).stdout)
    return commits, blobs, size


def export_tree(repo: Path, target: Path) -> Path:
    """Check out the newest tree of ``repo`` into ``target`` (once) and return it."""
    if not target.exists():
        target.mkdir(parents=True)
        archive = subprocess.Popen(["git", "-C", str(repo), "archive", "HEAD"], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout, check=True)
        archive.wait()
    return target


def staged_repo(target: Path) -> tuple[Path, list[dict[str, str]]]:
    """Build a small repository with a two-file change staged; return it and its planted tokens."""
    import random

    rng = random.Random("bench-staged")
    if target.exists():
        subprocess.run(["rm", "-rf", str(target)], check=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    (target / "README.md").write_text("# staged benchmark\n")
    subprocess.run(["git", "-C", str(target), "add", "README.md"], check=True)
    subprocess.run(["git", "-C", str(target), "commit", "-q", "-m", "init"], check=True, env=env)
    (target / "app").mkdir()
    general, mcp = corpus.make_token(rng, False), corpus.make_token(rng, True)
    (target / "app" / "settings.env").write_text(f"VIAFOUNDRY_TOKEN={general}\nDEBUG=1\n")
    (target / "app" / "mcp.json").write_text(json.dumps({"env": {"VIAFOUNDRY_MCP_TOKEN": mcp}}) + "\n")
    subprocess.run(["git", "-C", str(target), "add", "app"], check=True)
    planted = [{"sha256": hashlib.sha256(t.encode()).hexdigest()} for t in (general, mcp)]
    return target, planted


def format_table(rows: list[Row], sizes: dict[str, str]) -> str:
    lines = ["| case | tool | median s | × floor | × Kingfisher | peak MiB | planted found |",
             "|---|---|---|---|---|---|---|"]
    by_case: dict[str, list[Row]] = {}
    for row in rows:
        by_case.setdefault(row.case, []).append(row)
    for case, case_rows in by_case.items():
        floor = next((r.timing.median_s for r in case_rows if "floor" in r.tool and r.timing), None)
        king = next((r.timing.median_s for r in case_rows if r.tool == "kingfisher" and r.timing), None)
        label = f"{case} ({sizes[case]})" if case in sizes else case
        for row in case_rows:
            if row.timing is None:
                lines.append(f"| {label} | {row.tool} | {row.note} | | | | |")
                continue
            t = row.timing.median_s
            lines.append(
                f"| {label} | {row.tool} | {t:.3f} | {_ratio(t, floor)} | {_ratio(t, king)} | "
                f"{row.timing.peak_mib:.0f} | {row.planted_found} |"
            )
    return "\n".join(lines)


def _ratio(value: float, reference: float | None) -> str:
    return f"{value / reference:.2f}" if reference else "–"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark viafoundry-scan against git, ripgrep, Kingfisher, gitleaks.")
    parser.add_argument("--corpora", nargs="*", default=["requests", "pycryptodome", "synthetic-100000"])
    parser.add_argument("--files-corpus", default="pycryptodome")
    parser.add_argument("--cases", nargs="*", default=["history", "files", "staged"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="bench: %(message)s", stream=sys.stderr)
    # An installed package has its bytecode compiled; without this, a Python
    # tool would recompile every module on every run and its start-up would
    # be measured at about twice its real cost.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    found = tools.locate()
    for name in ("kingfisher", "gitleaks", "detect-secrets-hook", "rg", "viafoundry-scan"):
        if found.get(name) is None:
            print(f"NOTE: {name} is not available; its rows say so.", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    sizes: dict[str, str] = {}
    if "history" in args.cases:
        for name in args.corpora:
            repo = corpus.ensure_corpus(name)
            planted = json.loads((repo.parent / "planted.json").read_text())
            commits, blobs, size = blob_stats(repo)
            case = f"history {name}"
            sizes[case] = f"{commits:,} commits, {blobs:,} blobs, {size / 1e6:.0f} MB"
            case_rows = run_case(case, repo.parent, history_commands(repo, found, OUT), args.runs, planted, OUT)
            for row in case_rows:
                if row.timing and row.tool == "viafoundry-scan":
                    row.note = f"{size / 1e6 / row.timing.median_s:.0f} MB/s, {blobs / row.timing.median_s:,.0f} blobs/s"
            rows += case_rows
    if "files" in args.cases:
        repo = corpus.ensure_corpus(args.files_corpus)
        tree = export_tree(repo, corpus.CACHE / "trees" / args.files_corpus)
        files = sum(len(f) for _, _, f in os.walk(tree))
        size = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
        case = f"files {args.files_corpus}"
        sizes[case] = f"{files:,} files, {size / 1e6:.0f} MB"
        rows += run_case(case, tree, files_commands(tree, found, OUT), args.runs, [], OUT)
    if "staged" in args.cases:
        repo, planted = staged_repo(corpus.CACHE / "staged")
        rows += run_case("staged 2 files", repo, staged_commands(repo, found, OUT), args.runs, planted, OUT)
    header = (f"bench/run.py --runs {args.runs} on {machine()}, {time.strftime('%Y-%m-%d %H:%M %Z')}\n"
              f"tools: kingfisher {tools.version(found['kingfisher'], '--version')}; "
              f"gitleaks {tools.version(found['gitleaks'], 'version')}; {tools.version(found['rg'], '--version')}")
    table = format_table(rows, sizes)
    print(header + "\n\n" + table)
    extra = [f"- {r.case} / {r.tool}: {r.note}" for r in rows if r.timing and r.note]
    if extra:
        print("\n" + "\n".join(extra))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(
        {"header": header, "rows": [dataclasses.asdict(r) | {"timing": dataclasses.asdict(r.timing) if r.timing else None}
                                    for r in rows]}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
