"""True positives in the places where ViaFoundry tokens end up, at the right line and column.

Each place is a real file written in a temporary folder and scanned through
the files mode, so decoding, the walk and the engine all take part.
"""
from __future__ import annotations

import json

import pytest

from scanner.models import Confidence
from tests.conftest import locate, scan_folder
from tests.tokens import alnum, hex_token, mcp

HOST = "https://demo.viafoundry.com"

NOTEBOOK = json.dumps(
    {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Analysis\n"]},
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {},
                "outputs": [],
                "source": [
                    "from viafoundry import ViaFoundryClient\n",
                    "import os\n",
                    'os.environ["VIAFOUNDRY_TOKEN"] = "{TOKEN}"\n',
                    "client = ViaFoundryClient()",
                ],
            },
        ],
        "metadata": {"kernelspec": {"name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    },
    indent=1,
)

#: File name -> content; {TOKEN} marks where the token goes.
PLACES = {
    ".env": "# local settings\nDEBUG=1\nVIAFOUNDRY_TOKEN={TOKEN}\nLOG_LEVEL=info\n",
    "analysis/run.py": (
        "from viafoundry import ViaFoundryClient\n\n"
        "client = ViaFoundryClient()\n"
        f'client.configure_auth_token(hostname="{HOST}", token="{{TOKEN}}")\n'
    ),
    "analysis/run.R": (
        "library(viafoundry)\n"
        f'authenticate(hostname = "{HOST}", token = "{{TOKEN}}")\n'
        "projects <- list_projects()\n"
    ),
    ".viaenv": f'{{"hostname": "{HOST}", "bearer_token": "{{TOKEN}}"}}',
    "scripts/status.sh": (
        "#!/bin/sh\nset -eu\n"
        f'curl -sS -H "Authorization: Bearer {{TOKEN}}" \\\n  {HOST}/api/status\n'
    ),
    ".github/workflows/deploy.yml": (
        "name: deploy\non: push\njobs:\n  run:\n    runs-on: ubuntu-latest\n"
        "    env:\n      VIAFOUNDRY_TOKEN: {TOKEN}\n    steps:\n      - run: foundry status\n"
    ),
    "Dockerfile": "FROM python:3.11-slim\nRUN pip install viafoundry-sdk\nENV VIAFOUNDRY_TOKEN={TOKEN}\n",
    "notebooks/analysis.ipynb": NOTEBOOK,
}

MCP_PLACES = {
    ".cursor/mcp.json": (
        '{\n  "mcpServers": {\n    "viafoundry": {\n      "url": "https://demo.viafoundry.com/mcp",\n'
        '      "headers": {\n        "Authorization": "Bearer {TOKEN}"\n      }\n    }\n  }\n}\n'
    ),
    "claude_desktop_config.json": (
        '{\n  "mcpServers": {\n    "viafoundry": {\n      "command": "npx",\n'
        '      "args": ["-y", "viafoundry-mcp"],\n'
        '      "env": {"VIAFOUNDRY_MCP_TOKEN": "{TOKEN}"}\n    }\n  }\n}\n'
    ),
    ".continue/config.yaml": (
        "name: assistant\nmcpServers:\n  - name: viafoundry\n    command: viafoundry-mcp\n"
        "    env:\n      VIAFOUNDRY_MCP_TOKEN: {TOKEN}\n"
    ),
    ".continue/config.json": (
        '{\n  "experimental": {\n    "modelContextProtocolServers": [\n      {"transport": {"type": "sse",'
        ' "url": "https://demo.viafoundry.com/mcp",\n        "requestOptions": {"headers": '
        '{"Authorization": "Bearer {TOKEN}"}}}}\n    ]\n  }\n}\n'
    ),
    **PLACES,
}


def _scan_place(tmp_path, name, template, token):
    text = template.replace("{TOKEN}", token)
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    report = scan_folder(tmp_path)
    return report, locate(text, token)


@pytest.mark.parametrize("name", sorted(PLACES))
def test_general_alnum_found_in_place(tmp_path, name):
    token = alnum(101)
    report, (line, column) = _scan_place(tmp_path, name, PLACES[name], token)
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert finding.rule_id == "viafoundry-general-token"
    assert finding.path == name
    assert (finding.line, finding.column) == (line, column)
    assert finding.secret == token
    assert finding.confidence == Confidence.HIGH


@pytest.mark.parametrize("name", sorted(PLACES))
def test_general_hex_found_in_place(tmp_path, name):
    token = hex_token(102)
    report, (line, column) = _scan_place(tmp_path, name, PLACES[name], token)
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert finding.rule_id == "viafoundry-general-token"
    assert (finding.line, finding.column) == (line, column)
    assert finding.confidence == Confidence.HIGH


@pytest.mark.parametrize("name", sorted(MCP_PLACES))
def test_mcp_found_once_in_place(tmp_path, name):
    token = mcp(103)
    report, (line, column) = _scan_place(tmp_path, name, MCP_PLACES[name], token)
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert finding.rule_id == "viafoundry-mcp-token"
    assert finding.path == name
    assert (finding.line, finding.column) == (line, column)
    assert finding.secret == token
    assert finding.confidence == Confidence.HIGH


@pytest.mark.parametrize("name", sorted(MCP_PLACES))
def test_mcp_hex_body_found_in_place(tmp_path, name):
    token = mcp(0, body=hex_token(104))
    report, (line, column) = _scan_place(tmp_path, name, MCP_PLACES[name], token)
    assert [f.rule_id for f in report.findings] == ["viafoundry-mcp-token"]
    assert (report.findings[0].line, report.findings[0].column) == (line, column)


def test_general_without_context_is_medium(tmp_path):
    token = alnum(105)
    report, _ = _scan_place(tmp_path, "notes.txt", "key: {TOKEN}\n", token)
    assert [f.confidence for f in report.findings] == [Confidence.MEDIUM]


def test_hex_without_context_is_low(tmp_path):
    token = hex_token(106)
    report, _ = _scan_place(tmp_path, "notes.txt", "key: {TOKEN}\n", token)
    assert report.findings == []
    assert report.stats.below_confidence == 1


def test_several_tokens_on_one_line(tmp_path):
    first, second, third = alnum(107), mcp(108), alnum(109)
    text = f"A={first} B={second} C='{third}'\n"
    (tmp_path / "many.env").write_text(text)
    report = scan_folder(tmp_path)
    found = [(f.rule_id, f.column) for f in report.findings]
    assert found == [
        ("viafoundry-general-token", locate(text, first)[1]),
        ("viafoundry-mcp-token", locate(text, second)[1]),
        ("viafoundry-general-token", locate(text, third)[1]),
    ]


def test_column_counts_characters_not_bytes(tmp_path):
    token = alnum(110)
    text = f"# clé été\nmot_de_passe_été = \"{token}\"  # viafoundry\n"
    (tmp_path / "conf.py").write_text(text, encoding="utf-8")
    report = scan_folder(tmp_path)
    assert [(f.line, f.column) for f in report.findings] == [locate(text, token)]
