"""Find the user's config file, validate it, and build Settings.

Precedence, highest first (also stated in ``viafoundry-scan --help``):

1. command-line options (``--min-confidence``, ``--exclude``, ...);
2. the file given with ``--config FILE``;
3. the file named by the VIAFOUNDRY_SCAN_CONFIG environment variable;
4. ``.viafoundry-scan.toml`` in the scanned folder or a parent, up to the
   repository's top level;
5. ``[tool.viafoundry-scan]`` in ``pyproject.toml`` in those same folders
   (in one folder, ``.viafoundry-scan.toml`` wins);
6. the built-in defaults and the rules shipped in ``rules/``.

Only the first config file found is read. User rules are merged onto the
shipped rules by id.
"""
from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scanner.config.settings import CONFIG_KEYS, EXTENSION_SECTIONS, ConfigSource, Settings
from scanner.constants import ALLOW_MARKER, CONFIG_ENV_VAR, CONFIG_FILE_NAME, PYPROJECT_FILE_NAME, PYPROJECT_TABLE
from scanner.errors import ConfigError
from scanner.models import Confidence
from scanner.ruleset.cache import compiled_rules
from scanner.ruleset.loader import (
    builtin_rule_files,
    compile_allowlist,
    compile_rules,
    merge_rules,
    raw_rules_from,
    read_rule_file,
)

log = logging.getLogger(__name__)


def find_config(explicit: str | None, environ: Mapping[str, str], start: Path) -> ConfigSource | None:
    """Return the config source that wins by the module's precedence, or None."""
    if explicit:
        return ConfigSource(explicit, "option")
    if environ.get(CONFIG_ENV_VAR):
        return ConfigSource(environ[CONFIG_ENV_VAR], "environment")
    folder = start.resolve()
    while True:
        candidate = folder / CONFIG_FILE_NAME
        if candidate.is_file():
            return ConfigSource(str(candidate), "file")
        pyproject = folder / PYPROJECT_FILE_NAME
        if pyproject.is_file() and _has_tool_table(pyproject):
            return ConfigSource(str(pyproject), "pyproject")
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def load_settings(explicit: str | None, start: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from the built-in rules and the winning config file.

    Raises ConfigError for an unreadable or invalid config or rule file.
    """
    source = find_config(explicit, os.environ if environ is None else environ, start)
    document = _read_config(source) if source else {}
    # The CLI prints these beside the report; logging them too would show them twice.
    warnings = _unknown_key_warnings(document, source)
    origin = source.path if source else "built-in defaults"

    base = [raw for path in builtin_rule_files() for raw in read_rule_file(path)]
    raw_rules = merge_rules(base, raw_rules_from(document, origin))
    disabled = _string_list(document, "disabled_rules", origin)
    rules = [rule for rule in compiled_rules(raw_rules, lambda: compile_rules(raw_rules)) if rule.id not in disabled]
    unknown_disabled = set(disabled) - {table.get("id") for table, _ in raw_rules}
    if unknown_disabled:
        raise ConfigError(origin, f"disabled_rules names unknown rule(s): {', '.join(sorted(unknown_disabled))}")

    allowlist_table = document.get("allowlist", {})
    if not isinstance(allowlist_table, dict):
        raise ConfigError(origin, "'allowlist' must be a table with paths, values and stopwords")
    return Settings(
        rules=tuple(rules),
        allowlist=compile_allowlist(allowlist_table, origin),
        allow_markers=(ALLOW_MARKER, *_string_list(document, "allow_markers", origin)),
        min_confidence=_confidence(document, origin),
        excludes=tuple(_string_list(document, "exclude", origin)),
        respect_gitignore=_boolean(document, "respect_gitignore", origin),
        source=source,
        raw=document,
        warnings=tuple(warnings),
    )


def _read_config(source: ConfigSource) -> dict[str, Any]:
    path = Path(source.path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(source.path, "file not found; check the path given with --config or "
                          f"{CONFIG_ENV_VAR}") from None
    except OSError as error:
        raise ConfigError(source.path, f"cannot read the file ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(source.path, f"not valid TOML: {error}") from None
    if source.origin == "pyproject" or path.name == PYPROJECT_FILE_NAME:
        table = document.get("tool", {}).get(PYPROJECT_TABLE, {})
        if not isinstance(table, dict):
            raise ConfigError(source.path, f"[tool.{PYPROJECT_TABLE}] must be a table")
        return table
    return document


def _has_tool_table(pyproject: Path) -> bool:
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(str(pyproject), f"cannot read it as TOML: {error}") from None
    return PYPROJECT_TABLE in document.get("tool", {})


def _unknown_key_warnings(document: Mapping[str, Any], source: ConfigSource | None) -> list[str]:
    known = set(CONFIG_KEYS) | set(EXTENSION_SECTIONS)
    unknown = sorted(set(document) - known)
    if not unknown or source is None:
        return []
    return [f"{source.path}: unknown key(s) {', '.join(unknown)} ignored; valid keys: {', '.join(sorted(known))}"]


def _string_list(document: Mapping[str, Any], key: str, origin: str) -> list[str]:
    value = document.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(origin, f"'{key}' must be a list of strings ({CONFIG_KEYS[key]})")
    return value


def _boolean(document: Mapping[str, Any], key: str, origin: str) -> bool:
    value = document.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(origin, f"'{key}' must be true or false, not {value!r}")
    return value


def _confidence(document: Mapping[str, Any], origin: str) -> Confidence:
    value = document.get("min_confidence", "medium")
    try:
        return Confidence.parse(str(value))
    except ValueError as error:
        raise ConfigError(origin, f"'min_confidence': {error}") from None
