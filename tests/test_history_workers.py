"""A history scan in worker processes reports exactly what a scan in one process reports."""
from __future__ import annotations

import os
from pathlib import Path

from tests.gitrepo import GitRepo, run_scanner
from tests.tokens import alnum, hex_token, mcp


def test_workers_match_single_process(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    for index in range(12):
        repo.write(f"pkg/module_{index}.py", f"VALUE = {index}\n" * (index + 1))
        if index % 4 == 0:
            repo.write(f"config/{index}.env", f"VIAFOUNDRY_TOKEN={alnum(9500 + index)}\n")
        if index % 5 == 0:
            repo.write(f"vectors/{index}.txt", f"digest = {hex_token(9600 + index)}\n")
        repo.commit(f"change {index}", "pkg", *(["config"] if index % 4 == 0 else []),
                    *(["vectors"] if index % 5 == 0 else []))
    repo.commit_file(".cursor/mcp.json", f'{{"env": {{"VIAFOUNDRY_MCP_TOKEN": "{mcp(9700)}"}}}}\n', "mcp")

    single = run_scanner(repo.path, "history", "--min-confidence", "low",
                         env={**os.environ, "VIAFOUNDRY_SCAN_WORKERS": "1"})
    workers = run_scanner(repo.path, "history", "--min-confidence", "low",
                          env={**os.environ, "VIAFOUNDRY_SCAN_WORKERS": "2"})
    assert single.code == 1, single
    assert workers.code == 1, workers
    assert len(single.findings) >= 5
    assert workers.findings == single.findings
