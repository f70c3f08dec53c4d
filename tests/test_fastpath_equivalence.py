"""Findings are identical with and without the engine's fast paths.

The prefilter gates only skip regex runs that cannot match; this test runs
the same generated corpus through the detector with the gates on and off
(``Detector(fast_paths=...)``), and through the CLI with and without
$VIAFOUNDRY_SCAN_NO_FASTPATH, and compares every finding. It also checks
that the corpus really exercises the gates (some buffers rejected, some
passed) and holds findings, so an equality of two empty lists cannot pass.
"""
from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.config.loader import load_settings
from scanner.engine.chunks import OVERLAP
from scanner.engine.detector import Detector
from scanner.engine.prefilter import NO_FASTPATH_ENV, BufferGates
from scanner.models import Document
from tests import tokens

_WORDS = ["import", "config", "token", "viafoundry", "via_mcp_", "VIA_MCP_", "Bearer", "sha512", "checksum",
          "hostname", "data", "=", ":", '"', "\\n", "/", "+", "-", "_", " ", "\n", "\t"]


def _fragment(rng: random.Random, seed: int) -> str:
    """Return one piece of text: prose, a token of some shape, or a near miss."""
    kind = rng.randrange(14)
    if kind == 0:
        return f"VIAFOUNDRY_TOKEN={tokens.alnum(seed)}\n"
    if kind == 1:
        return f'{{"env": {{"VIAFOUNDRY_MCP_TOKEN": "{tokens.mcp(seed)}"}}}}\n'
    if kind == 2:
        return f"VIA_MCP_{tokens.alnum(seed)} and Via_Mcp_{tokens.hex_token(seed)}\n"
    if kind == 3:
        return f"{tokens.sha512_hex(str(seed))}  dist/file-{seed}.tar.gz\n"
    if kind == 4:
        return f'authenticate(hostname = "https://x.viafoundry.com", token = "{tokens.hex_token(seed)}")\n'
    if kind == 5:
        return f"token = via_mcp_{tokens.alnum(seed, rng.choice([127, 129]))}\n"
    if kind == 6:
        return f"payload = {tokens.alnum(seed, rng.randrange(100, 700))}\n"
    if kind == 7:
        return f'"    \\"x\\": \\"{tokens.alnum(seed)}\\"\\n",\n'
    if kind == 8:
        return tokens.alnum(seed)  # no newline: may end the buffer
    if kind == 9:
        return f"via_mcp_ mentioned but no run {seed}\n"
    if kind == 10:
        return f"curl -H 'Authorization: Bearer {tokens.mcp(seed)}'  # viafoundry-scan: allow\n"
    return "".join(rng.choice(_WORDS) for _ in range(rng.randrange(5, 60))) + "\n"


def _document(seed: int) -> bytes:
    rng = random.Random(seed)
    if rng.random() < 0.4:  # plain text with no token-shaped run at all
        return ("".join(rng.choice(_WORDS[:-3]) + " " for _ in range(rng.randrange(20, 400))) + "\n").encode()
    return "".join(_fragment(rng, seed * 100 + i) for i in range(rng.randrange(1, 12))).encode()


CORPUS = [_document(seed) for seed in range(400)]


def _key(finding: object) -> tuple[object, ...]:
    fields = dataclasses.asdict(finding)  # type: ignore[call-overload]
    return tuple(sorted((k, str(v)) for k, v in fields.items()))


@pytest.fixture(scope="module")
def rules_settings():
    return load_settings(None, Path.cwd())


def _detector(settings, fast: bool) -> Detector:
    return Detector(settings.rules, settings.allowlist, settings.allow_markers, fast_paths=fast)


def test_corpus_exercises_the_gates(rules_settings) -> None:
    detector = _detector(rules_settings, True)
    outcomes = {
        any(BufferGates(data).passes(p) for p in detector.matcher.prefilters) for data in CORPUS
    }
    assert outcomes == {True, False}


def test_documents_give_identical_findings(rules_settings) -> None:
    fast, slow = _detector(rules_settings, True), _detector(rules_settings, False)
    total = 0
    for index, data in enumerate(CORPUS):
        document = Document(f"doc{index}.txt", data, "file")
        with_gates = [_key(f) for f in fast.scan_document(document)]
        without = [_key(f) for f in slow.scan_document(document)]
        assert with_gates == without, f"document {index} differs"
        total += len(with_gates)
    assert total > 50


def test_chunked_scan_gives_identical_findings(rules_settings) -> None:
    """Tokens placed around window edges of a large file, read in pieces."""
    rng = random.Random(7)
    parts = []
    for seed in range(40):
        parts.append(b"x = 1\n" * rng.randrange(1, OVERLAP // 3))
        parts.append(_fragment(rng, 5000 + seed).encode())
    data = b"".join(parts)
    pieces = [data[i:i + 8191] for i in range(0, len(data), 8191)]
    fast, slow = _detector(rules_settings, True), _detector(rules_settings, False)
    with_gates = [_key(f) for f in fast.scan_chunks(iter(pieces), "big.txt", "file")]
    without = [_key(f) for f in slow.scan_chunks(iter(pieces), "big.txt", "file")]
    assert with_gates == without
    assert len(with_gates) > 5


def test_cli_files_scan_identical_with_the_switch_set(tmp_path: Path) -> None:
    """The environment switch reaches the detector through the real CLI."""
    for index, data in enumerate(CORPUS[:150]):
        folder = tmp_path / "tree" / f"d{index % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{index}.txt").write_bytes(data)

    def run(extra_env: dict[str, str]) -> list[dict[str, object]]:
        env = {k: v for k, v in os.environ.items() if k != NO_FASTPATH_ENV} | extra_env
        result = subprocess.run(
            [sys.executable, "-m", "scanner", "files", str(tmp_path / "tree"), "--format", "json"],
            capture_output=True, text=True, env=env, cwd=tmp_path,
        )
        assert result.returncode in (0, 1), result.stderr
        return json.loads(result.stdout)["findings"]

    with_gates = run({})
    without = run({NO_FASTPATH_ENV: "1"})
    assert with_gates == without
    assert len(with_gates) > 20
