"""Names and numbers that several modules share."""
from __future__ import annotations

import enum

TOOL_NAME = "viafoundry-scan"

#: Marker that waives a finding on the line that carries it.
ALLOW_MARKER = "viafoundry-scan: allow"

#: Config file names looked up in the scanned folder (or the repository top level).
CONFIG_FILE_NAME = ".viafoundry-scan.toml"
PYPROJECT_FILE_NAME = "pyproject.toml"
PYPROJECT_TABLE = "viafoundry-scan"  # read as [tool.viafoundry-scan]

#: Environment variable that names a config file, below --config in precedence.
CONFIG_ENV_VAR = "VIAFOUNDRY_SCAN_CONFIG"

#: Path shown for content read from standard input.
STDIN_PATH = "<stdin>"


class ExitCode(enum.IntEnum):
    """Process exit codes; README.md documents them for users."""

    CLEAN = 0
    FINDINGS = 1
    USAGE_ERROR = 2
    INVALID_CONFIG = 3
    SCAN_FAILURE = 4
    INTERRUPTED = 130


class SourceKind(str, enum.Enum):
    """Where a finding's text came from, as written in reports."""

    FILE = "file"
    STDIN = "stdin"
    COMMIT_MESSAGE = "commit-message"
