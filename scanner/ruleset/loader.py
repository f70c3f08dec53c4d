"""Load rule tables from TOML, merge user overrides, validate and compile them.

A rule table is validated as a whole before anything runs, and every
problem is raised as ConfigError naming the file, the rule id and the field,
so a bad rule never surfaces as a traceback in the middle of a scan.
"""
from __future__ import annotations

import copy
import logging
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import regex

from scanner.errors import ConfigError
from scanner.models import Confidence
from scanner.ruleset.schema import ALLOWLIST_KEYS, EXAMPLE_KEYS, RULE_KEYS, Allowlist, Rule

log = logging.getLogger(__name__)

_ID_PATTERN = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: A raw rule table together with the file it came from.
RawRule = tuple[dict[str, Any], str]


def builtin_rule_files() -> list[Path]:
    """Return the shipped rule files (``rules/*.toml``), sorted by name.

    An installed wheel carries them in ``scanner/builtin_rules``; a source
    checkout or an editable install reads the top-level ``rules/`` folder.
    Raises ConfigError when neither exists.
    """
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "builtin_rules", package.parent / "rules"):
        if folder.is_dir():
            return sorted(folder.glob("*.toml"))
    raise ConfigError(str(package), "the shipped rules/ folder is missing; reinstall viafoundry-scan")


def read_rule_file(path: Path) -> list[RawRule]:
    """Parse one rule file and return its ``[[rules]]`` tables.

    Raises ConfigError when the file cannot be read or is not valid TOML.
    """
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(str(path), f"cannot read the file ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), f"not valid TOML: {error}") from None
    return raw_rules_from(document, str(path))


def raw_rules_from(document: Mapping[str, Any], source: str) -> list[RawRule]:
    """Return the ``rules`` array of a parsed TOML document, checked to be tables."""
    tables = document.get("rules", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(source, "'rules' must be an array of tables ([[rules]])")
    return [(dict(table), source) for table in tables]


def merge_rules(base: Iterable[RawRule], overrides: Iterable[RawRule]) -> list[RawRule]:
    """Apply user rule tables onto the built-in ones.

    A table whose id matches an existing rule replaces only the keys it sets
    (``allowlist`` and ``examples`` are merged key by key); a table with a new
    id adds a rule. The order is built-in rules first, then new ones.
    """
    merged: dict[str, RawRule] = {}
    for table, source in base:
        merged[_require_id(table, source)] = (copy.deepcopy(table), source)
    for table, source in overrides:
        rule_id = _require_id(table, source)
        if rule_id not in merged:
            merged[rule_id] = (copy.deepcopy(table), source)
            continue
        current, _ = merged[rule_id]
        for key, value in table.items():
            if key in ("allowlist", "examples") and isinstance(value, dict):
                section = dict(current.get(key) or {})
                section.update(value)
                current[key] = section
            else:
                current[key] = value
        merged[rule_id] = (current, source)
    return list(merged.values())


def compile_rules(raw_rules: Iterable[RawRule]) -> list[Rule]:
    """Validate and compile rule tables; ids must be unique.

    Raises ConfigError on the first invalid table.
    """
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for table, source in raw_rules:
        rule = compile_rule(table, source)
        if rule.id in seen:
            raise ConfigError(source, f"duplicate rule id (also defined in {seen[rule.id]})", rule.id)
        seen[rule.id] = source
        rules.append(rule)
    return rules


def compile_rule(table: Mapping[str, Any], source: str) -> Rule:
    """Validate one rule table and return the compiled Rule.

    Raises ConfigError naming the file, the rule id and what is wrong.
    """
    rule_id = _require_id(table, source)
    fields = _Fields(table, source, rule_id)
    unknown = sorted(set(table) - set(RULE_KEYS))
    if unknown:
        fields.fail(f"unknown key(s) {', '.join(unknown)}; valid keys: {', '.join(RULE_KEYS)}")

    alphabet = fields.string("alphabet", default="")
    alphabet_bytes = _expand_alphabet(alphabet, fields) if alphabet else b""
    length = fields.integer("length", default=None, minimum=1)
    pattern_text = fields.string("pattern", required=True)
    if "${alphabet}" in pattern_text and not alphabet:
        fields.fail("pattern uses ${alphabet} but the rule sets no alphabet")
    if "${length}" in pattern_text and length is None:
        fields.fail("pattern uses ${length} but the rule sets no length")
    pattern_text = pattern_text.replace("${alphabet}", alphabet).replace("${length}", str(length))
    pattern = fields.compile_bytes("pattern", pattern_text)
    secret_group = _secret_group(table.get("secret_group", 0), pattern, fields)
    allowlist_table = fields.subtable("allowlist", ALLOWLIST_KEYS)
    examples_table = fields.subtable("examples", EXAMPLE_KEYS)

    return Rule(
        id=rule_id,
        description=fields.string("description", required=True),
        pattern=pattern,
        secret_group=secret_group,
        prefix=fields.string("prefix", default=""),
        keywords=tuple(k.lower().encode("utf-8") for k in fields.strings("keywords")),
        alphabet=alphabet,
        alphabet_bytes=alphabet_bytes,
        length=length,
        min_entropy=fields.number("min_entropy", default=0.0),
        standalone=fields.boolean("standalone", default=False),
        hex_requires_context=fields.boolean("hex_requires_context", default=False),
        hex_min_entropy=fields.number("hex_min_entropy", default=0.0),
        confidence=fields.confidence("confidence", default=Confidence.MEDIUM),
        context=tuple(fields.compile_bytes("context", p) for p in fields.strings("context")),
        context_lines=fields.integer("context_lines", default=2, minimum=0) or 0,
        digest_context=tuple(
            fields.compile_bytes("digest_context", p) for p in fields.strings("digest_context")
        ),
        allowlist=compile_allowlist(allowlist_table, source, rule_id),
        positive_examples=tuple(fields.strings("positive", within=examples_table)),
        negative_examples=tuple(fields.strings("negative", within=examples_table)),
        source_file=source,
    )


def compile_allowlist(table: Mapping[str, Any], source: str, rule_id: str | None = None) -> Allowlist:
    """Validate an allowlist table (paths, values, stopwords) and compile it."""
    fields = _Fields(table, source, rule_id, section="allowlist")
    unknown = sorted(set(table) - set(ALLOWLIST_KEYS))
    if unknown:
        fields.fail(f"unknown key(s) {', '.join(unknown)}; valid keys: {', '.join(ALLOWLIST_KEYS)}")
    return Allowlist(
        paths=tuple(fields.compile_text("paths", p) for p in fields.strings("paths")),
        values=tuple(fields.compile_text("values", p) for p in fields.strings("values")),
        stopwords=tuple(word.lower() for word in fields.strings("stopwords")),
    )


def _require_id(table: Mapping[str, Any], source: str) -> str:
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise ConfigError(source, "a rule has no 'id' (a kebab-case string such as 'viafoundry-mcp-token')")
    if not _ID_PATTERN.fullmatch(rule_id):
        raise ConfigError(source, "'id' must be kebab-case: lowercase letters, digits and '-'", rule_id)
    return rule_id


def _expand_alphabet(alphabet: str, fields: _Fields) -> bytes:
    """Return every byte that the character class ``[alphabet]`` matches."""
    char_class = fields.compile_bytes("alphabet", f"[{alphabet}]")
    members = bytes(b for b in range(256) if char_class.fullmatch(bytes([b])))
    if not members:
        fields.fail(f"alphabet '{alphabet}' matches no character")
    return members


def _secret_group(value: Any, pattern: regex.Pattern[bytes], fields: _Fields) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        fields.fail("'secret_group' must be a group number or name")
    if isinstance(value, int) and not 0 <= value <= pattern.groups:
        fields.fail(f"'secret_group' is {value} but the pattern has {pattern.groups} group(s)")
    if isinstance(value, str) and value not in pattern.groupindex:
        fields.fail(f"'secret_group' names '{value}', which the pattern does not define")
    return value  # type: ignore[no-any-return]


class _Fields:
    """Typed accessors over one table that raise ConfigError with full context."""

    def __init__(
        self, table: Mapping[str, Any], source: str, rule_id: str | None, section: str = ""
    ) -> None:
        self.table = table
        self.source = source
        self.rule_id = rule_id
        self.section = section

    def fail(self, problem: str) -> Any:
        prefix = f"[{self.section}] " if self.section else ""
        raise ConfigError(self.source, prefix + problem, self.rule_id)

    def string(self, key: str, *, default: str | None = None, required: bool = False) -> str:
        value = self.table.get(key, default)
        if value is None and required:
            self.fail(f"missing required key '{key}' ({RULE_KEYS.get(key, '')})")
        if not isinstance(value, str):
            self.fail(f"'{key}' must be a string, not {type(value).__name__}")
        return value  # type: ignore[no-any-return]

    def strings(self, key: str, within: Mapping[str, Any] | None = None) -> list[str]:
        value = (self.table if within is None else within).get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(f"'{key}' must be a list of strings")
        return value  # type: ignore[no-any-return]

    def integer(self, key: str, *, default: int | None, minimum: int) -> int | None:
        value = self.table.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(f"'{key}' must be a whole number of at least {minimum}, not {value!r}")
        return value  # type: ignore[no-any-return]

    def number(self, key: str, *, default: float) -> float:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.fail(f"'{key}' must be a number of at least 0, not {value!r}")
        return float(value)

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"'{key}' must be true or false, not {value!r}")
        return value  # type: ignore[no-any-return]

    def confidence(self, key: str, *, default: Confidence) -> Confidence:
        value = self.table.get(key, default.label)
        try:
            return Confidence.parse(str(value))
        except ValueError as error:
            return self.fail(f"'{key}': {error}")  # type: ignore[no-any-return]

    def subtable(self, key: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
        value = self.table.get(key, {})
        if not isinstance(value, dict):
            self.fail(f"'{key}' must be a table with the keys {', '.join(allowed)}")
        return value  # type: ignore[no-any-return]

    def compile_bytes(self, key: str, pattern: str) -> regex.Pattern[bytes]:
        try:
            return regex.compile(pattern.encode("utf-8"))
        except regex.error as error:
            return self.fail(f"'{key}' is not a valid regex ({error}): {pattern!r}")  # type: ignore[no-any-return]

    def compile_text(self, key: str, pattern: str) -> regex.Pattern[str]:
        try:
            return regex.compile(pattern)
        except regex.error as error:
            return self.fail(f"'{key}' is not a valid regex ({error}): {pattern!r}")  # type: ignore[no-any-return]
