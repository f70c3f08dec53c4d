"""Read a JSON scan report (``--format json``) back for the remediation commands."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scanner.constants import ExitCode
from scanner.errors import ScannerError

_REQUIRED_KEYS = ("rule_id", "secret_sha256", "redacted", "line")


class ReportFileError(ScannerError):
    """A --from file that is missing or is not a JSON scan report (exit code 2)."""

    exit_code = int(ExitCode.USAGE_ERROR)


def load_findings(path: str) -> list[dict[str, Any]]:
    """Return the findings of the JSON scan report at ``path``.

    Raises ReportFileError naming the file and what to do.
    """
    hint = "create one with: viafoundry-scan files --verify --format json -o scan.json"
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportFileError(f"{path}: file not found; {hint}") from None
    except OSError as error:
        raise ReportFileError(f"{path}: cannot read it ({error.strerror})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ReportFileError(f"{path}: not a JSON scan report ({error}); {hint}") from None
    findings = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(findings, list):
        raise ReportFileError(f"{path}: has no 'findings' list, so it is not a JSON scan report; {hint}")
    for index, finding in enumerate(findings):
        missing = [key for key in _REQUIRED_KEYS if not isinstance(finding, dict) or key not in finding]
        if missing:
            raise ReportFileError(f"{path}: finding {index + 1} lacks {', '.join(missing)}; {hint}")
    return findings
