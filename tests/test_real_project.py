"""Scan a real public project with planted tokens: each is found where it was put, and nothing else.

The project is the source distribution of pycryptodome, downloaded from PyPI
with pip at test time (CI has PyPI access; nothing is committed). It is a
hard place for a prefix-less 128-character rule: its self-tests hold many
SHA-512 and HMAC test vectors, Ed448 and Ed25519 values and long hex
constants. If the download fails, the test fails with pip's message.

To build the same folder by hand and look at the output:

    python tests/test_real_project.py /tmp/demo && viafoundry-scan files /tmp/demo/pycryptodome-3.20.0
"""
from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import git, locate  # noqa: E402
from tests.tokens import alnum, hex_token, mcp  # noqa: E402

PROJECT = "pycryptodome"
VERSION = "3.20.0"
SCANNER = str(Path(sys.executable).with_name("viafoundry-scan"))
HOST = "https://acme.viafoundry.com"


def download_sdist(folder: Path) -> Path:
    """Download the sdist into ``folder`` and return the archive.

    Calls pytest.fail with pip's message when the download fails.
    """
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
         f"{PROJECT}=={VERSION}", "-d", str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    archives = sorted(folder.glob(f"{PROJECT}-{VERSION}.tar.gz"))
    if result.returncode != 0 or not archives:
        pytest.fail(f"could not download {PROJECT}=={VERSION} from PyPI (this test needs PyPI access):\n"
                    f"{result.stderr[-2000:]}")
    return archives[0]


def unpack(archive: Path, folder: Path) -> Path:
    """Unpack the sdist into ``folder`` and return the project folder."""
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder / f"{PROJECT}-{VERSION}"


def _insert_lines(path: Path, at: int, lines: list[str]) -> None:
    """Insert ``lines`` before line ``at`` (1-based) of a text file."""
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[at - 1 : at - 1] = [line + "\n" for line in lines]
    path.write_text("".join(text), encoding="utf-8")


def plant_tokens(root: Path) -> dict[str, tuple[str, str]]:
    """Plant tokens in realistic places; return {token: (path, rule id)}."""
    general, hex_general, notebook_token, curl_token = alnum(901), hex_token(902), alnum(903), alnum(904)
    cursor_token, docker_token = mcp(905), alnum(906)
    (root / ".gitignore").write_text(".env\n", encoding="utf-8")
    (root / ".env").write_text(f"# local only\nVIAFOUNDRY_TOKEN={general}\n", encoding="utf-8")
    _insert_lines(root / "setup.py", 40, [
        "# Upload the test report to ViaFoundry:",
        f'# ViaFoundryClient().configure_auth_token(hostname="{HOST}", token="{hex_general}")',
    ])
    _insert_lines(root / "README.rst", 30, [
        "Check the pipeline status with::",
        "",
        f'    curl -H "Authorization: Bearer {curl_token}" {HOST}/api/status',
        "",
    ])
    (root / ".cursor").mkdir()
    (root / ".cursor" / "mcp.json").write_text(json.dumps(
        {"mcpServers": {"viafoundry": {"url": f"{HOST}/mcp",
                                       "headers": {"Authorization": f"Bearer {cursor_token}"}}}},
        indent=2) + "\n", encoding="utf-8")
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
                           "source": ["from viafoundry import ViaFoundryClient\n",
                                      f'TOKEN = "{notebook_token}"\n']}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (root / "Doc" / "demo.ipynb").write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
    (root / "Dockerfile").write_text(
        f"FROM python:3.11-slim\nCOPY . /src\nRUN pip install /src\nENV VIAFOUNDRY_TOKEN={docker_token}\n",
        encoding="utf-8")
    return {
        general: (".env", "viafoundry-general-token"),
        hex_general: ("setup.py", "viafoundry-general-token"),
        curl_token: ("README.rst", "viafoundry-general-token"),
        cursor_token: (".cursor/mcp.json", "viafoundry-mcp-token"),
        notebook_token: ("Doc/demo.ipynb", "viafoundry-general-token"),
        docker_token: ("Dockerfile", "viafoundry-general-token"),
    }


def expected_findings(root: Path, planted: dict[str, tuple[str, str]]) -> list[tuple[str, int, int, str]]:
    """Return (path, line, column, rule) for every planted token, sorted."""
    expected = []
    for token, (path, rule) in planted.items():
        line, column = locate((root / path).read_text(encoding="utf-8"), token)
        expected.append((path, line, column, rule))
    return sorted(expected)


@pytest.fixture(scope="module")
def sdist(tmp_path_factory):
    return download_sdist(tmp_path_factory.mktemp("download"))


@pytest.fixture(scope="module")
def planted_project(sdist, tmp_path_factory):
    root = unpack(sdist, tmp_path_factory.mktemp("planted"))
    git(root, "init", "-q", "--template=")
    planted = plant_tokens(root)
    git(root, "add", "-A")
    return root, planted


def _scan(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCANNER, "files", ".", "--format", "json", *args], cwd=root,
                          capture_output=True, text=True, timeout=300)


def test_real_project_finds_planted_only(planted_project):
    root, planted = planted_project
    result = _scan(root)
    assert result.returncode == 1, result.stderr
    found = sorted((f["path"], f["line"], f["column"], f["rule_id"]) for f in json.loads(result.stdout)["findings"])
    assert found == expected_findings(root, planted)


def test_real_project_clean_without_plants(sdist, tmp_path):
    root = unpack(sdist, tmp_path)
    result = _scan(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["findings"] == []


def test_real_project_digests_are_low(planted_project):
    """The project's own SHA-512 vectors show up only at --min-confidence low."""
    root, planted = planted_project
    findings = json.loads(_scan(root, "--min-confidence", "low").stdout)["findings"]
    extra = [f for f in findings if (f["path"], f["rule_id"]) not in set(planted.values())]
    assert extra, "expected the project's hex test vectors as low-confidence findings"
    assert {f["confidence"] for f in extra} == {"low"}


if __name__ == "__main__":
    demo = unpack(download_sdist(Path(sys.argv[1])), Path(sys.argv[1]))
    git(demo, "init", "-q", "--template=")
    for token, (path, rule) in plant_tokens(demo).items():
        print(f"planted {rule} in {path}")
    print(demo)
