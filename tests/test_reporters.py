"""The jsonl, csv, junit and gitlab reports, and redaction in every format, through the CLI."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

from scanner.reporters import FORMATS, get_reporter
from scanner.reporters.csv_report import COLUMNS
from scanner.reporters.gitlab import NO_COMMIT, gitlab_report
from tests.conftest import git
from tests.reporting import HISTORY_COMMIT, history_report, run_entry_point, write_leaky_folder

DATA = Path(__file__).parent / "data"
#: Formats that list every finding with its token (other formats may summarise).
LISTING_FORMATS = ["text", "json", "jsonl", "csv", "sarif", "junit", "gitlab"]
GITLAB_REQUIRED = json.loads((DATA / "gitlab-secret-detection-required.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def leaky(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder, write_leaky_folder(folder)


def _scan(run_cli, folder: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_cli(["files", str(folder), *args], exit_code=1)


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_report_redacted_by_default(run_cli, leaky, output_format: str) -> None:
    folder, tokens = leaky
    output = _scan(run_cli, folder, "--format", output_format).stdout
    for token in tokens.values():
        body = token.removeprefix("via_mcp_")
        assert body not in output
        assert body[4:-4] not in output
    assert output.strip()


@pytest.mark.parametrize("output_format", LISTING_FORMATS)
def test_report_no_redact_shows_tokens(run_cli, leaky, output_format: str) -> None:
    folder, tokens = leaky
    output = _scan(run_cli, folder, "--format", output_format, "--no-redact").stdout
    for token in tokens.values():
        assert token in output


@pytest.mark.parametrize("output_format", sorted(set(FORMATS) - {"text"}))
def test_report_output_file_redacted(run_cli, leaky, tmp_path: Path, output_format: str) -> None:
    folder, tokens = leaky
    target = tmp_path / f"report.{output_format}"
    _scan(run_cli, folder, "--format", output_format, "--output", str(target))
    written = target.read_text(encoding="utf-8")
    for token in tokens.values():
        assert token.removeprefix("via_mcp_") not in written


def test_jsonl_one_finding_per_line(run_cli, leaky) -> None:
    folder, tokens = leaky
    lines = _scan(run_cli, folder, "--format", "jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == len(tokens)
    assert sorted(record["path"] for record in records) == sorted(tokens)
    assert all("secret" not in record for record in records)


def test_jsonl_clean_scan_empty(run_cli, tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text("nothing here\n", encoding="utf-8")
    result = run_cli(["files", str(tmp_path), "--format", "jsonl"], exit_code=0)
    assert result.stdout == ""


def test_csv_columns_and_rows(run_cli, leaky) -> None:
    folder, tokens = leaky
    rows = list(csv.DictReader(io.StringIO(_scan(run_cli, folder, "--format", "csv").stdout)))
    assert len(rows) == len(tokens)
    assert tuple(rows[0].keys()) == COLUMNS
    by_path = {row["path"]: row for row in rows}
    assert by_path[".env"]["line"] == "2"
    assert by_path[".env"]["column"] == "22"
    assert by_path["deploy/run.sh"]["rule_id"] == "viafoundry-general-token"


def test_csv_guards_formula_paths(run_cli, leaky) -> None:
    folder, _ = leaky
    rows = list(csv.DictReader(io.StringIO(_scan(run_cli, folder, "--format", "csv").stdout)))
    paths = {row["path"] for row in rows}
    assert "'=cmd.env" in paths
    assert "=cmd.env" not in paths


def test_csv_no_redact_adds_secret_column(run_cli, leaky) -> None:
    folder, tokens = leaky
    output = _scan(run_cli, folder, "--format", "csv", "--no-redact").stdout
    rows = list(csv.DictReader(io.StringIO(output)))
    assert {row["secret"] for row in rows} == set(tokens.values())


def test_junit_layout(run_cli, leaky) -> None:
    folder, tokens = leaky
    root = ElementTree.fromstring(_scan(run_cli, folder, "--format", "junit").stdout)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    cases = suites[0].findall("testcase")
    assert len(cases) == len(tokens)
    assert suites[0].get("tests") == str(len(tokens))
    assert suites[0].get("failures") == str(len(tokens))
    assert root.get("failures") == str(len(tokens))
    for case in cases:
        failure = case.find("failure")
        assert failure is not None
        assert failure.get("type") in {"viafoundry-mcp-token", "viafoundry-general-token"}
        assert case.get("classname", "").startswith("viafoundry-scan.")
        assert case.get("file") in tokens


def test_junit_clean_scan_passes(run_cli, tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text("nothing here\n", encoding="utf-8")
    root = ElementTree.fromstring(run_cli(["files", str(tmp_path), "--format", "junit"], exit_code=0).stdout)
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 1
    assert cases[0].find("failure") is None
    assert root.get("failures") == "0"


def test_junit_control_characters_in_path() -> None:
    report = history_report()
    report.findings[0] = report.findings[0].replace(path="bad\x01name\udc80.env")
    stream = io.StringIO()
    get_reporter("junit")(report, stream, redact=True)
    case = ElementTree.fromstring(stream.getvalue()).find("testsuite/testcase")
    assert case is not None
    assert case.get("file") == "bad\ufffdname\ufffd.env"


def test_gitlab_required_fields(run_cli, leaky) -> None:
    folder, tokens = leaky
    document = json.loads(_scan(run_cli, folder, "--format", "gitlab").stdout)
    jsonschema.validate(document, GITLAB_REQUIRED)
    vulnerabilities = document["vulnerabilities"]
    assert len(vulnerabilities) == len(tokens)
    assert len({v["id"] for v in vulnerabilities}) == len(tokens)
    assert {v["location"]["commit"]["sha"] for v in vulnerabilities} == {NO_COMMIT}
    assert {v["location"]["file"] for v in vulnerabilities} == set(tokens)


def test_gitlab_uses_ci_commit_sha(run_cli, leaky) -> None:
    folder, _ = leaky
    sha = "c0ffee" * 6 + "abcd"
    result = run_cli(["files", str(folder), "--format", "gitlab"], exit_code=1, env={"CI_COMMIT_SHA": sha})
    shas = {v["location"]["commit"]["sha"] for v in json.loads(result.stdout)["vulnerabilities"]}
    assert shas == {sha}


def test_gitlab_history_findings_keep_commit() -> None:
    document = gitlab_report(history_report(), redact=True)
    jsonschema.validate(document, GITLAB_REQUIRED)
    in_file, in_message = document["vulnerabilities"]
    assert in_file["location"]["commit"]["sha"] == HISTORY_COMMIT.sha
    assert in_file["location"]["commit"]["author"] == "Ada Lovelace <ada@example.invalid>"
    assert in_file["location"]["start_line"] == 4
    assert in_message["location"]["commit"]["sha"] == HISTORY_COMMIT.sha
    assert "start_line" not in in_message["location"]


def test_gitlab_rejects_what_schema_forbids() -> None:
    """The required-fields schema can fail: a report without a commit sha is rejected."""
    document = gitlab_report(history_report(), redact=True)
    del document["vulnerabilities"][0]["location"]["commit"]["sha"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, GITLAB_REQUIRED)


def test_gitlab_unreadable_input_is_failure() -> None:
    report = history_report()
    report.stats.unreadable = 1
    report.warnings.append("could not read secret.env: Permission denied")
    scan = gitlab_report(report, redact=True)["scan"]
    assert scan["status"] == "failure"
    assert scan["messages"] == [{"level": "warn", "value": "could not read secret.env: Permission denied"}]


@pytest.mark.parametrize("output_format", LISTING_FORMATS)
def test_history_scan_redacted(git_repo: Path, run_cli, output_format: str) -> None:
    tokens = write_leaky_folder(git_repo)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add leaks")
    for path in tokens:
        git(git_repo, "rm", "-q", path)
    git(git_repo, "commit", "-q", "-m", "remove leaks")
    output = run_entry_point(["history", "--format", output_format], git_repo, 1).stdout
    for token in tokens.values():
        assert token.removeprefix("via_mcp_") not in output


def test_gitlab_history_scan(git_repo: Path, run_cli) -> None:
    tokens = write_leaky_folder(git_repo)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add leaks")
    head = git(git_repo, "rev-parse", "HEAD").strip()
    result = run_entry_point(["history", "--format", "gitlab"], git_repo, 1)
    document = json.loads(result.stdout)
    jsonschema.validate(document, GITLAB_REQUIRED)
    assert {v["location"]["commit"]["sha"] for v in document["vulnerabilities"]} == {head}
    assert len(document["vulnerabilities"]) == len(tokens)
