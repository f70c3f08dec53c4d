"""Reference point: the two rules in stdlib ``re`` over git's batch stream.

This is what a naive Python history scan costs: read every object with one
``git cat-file --batch-all-objects --batch --unordered`` and run both
patterns over each blob, with no prefilter and no filters. It prints the
number of blobs, bytes and raw matches. Usage: ``python re_floor.py REPO``.
"""
from __future__ import annotations

import re
import subprocess
import sys

MCP = re.compile(rb"via_mcp_[A-Za-z0-9]{128}(?![A-Za-z0-9])")
GENERAL = re.compile(rb"(?<![A-Za-z0-9_+/\-])[A-Za-z0-9]{128}(?![A-Za-z0-9_+/=\-])")


def main(repo: str) -> int:
    process = subprocess.Popen(
        ["git", "-C", repo, "cat-file", "--batch-all-objects", "--batch", "--unordered"],
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    stream = process.stdout
    blobs = size_total = matches = 0
    while header := stream.readline():
        _, kind, size_text = header.split()
        size = int(size_text)
        data = stream.read(size + 1)
        if kind != b"blob":
            continue
        blobs += 1
        size_total += size
        matches += sum(1 for _ in MCP.finditer(data)) + sum(1 for _ in GENERAL.finditer(data))
    process.wait()
    print(f"blobs={blobs} bytes={size_total} matches={matches}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
