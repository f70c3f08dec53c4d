"""The validated, frozen settings that a scan runs with."""
from __future__ import annotations

import dataclasses
from typing import Any

from scanner.models import Confidence
from scanner.ruleset.schema import Allowlist, Rule

#: Top-level keys of a config file and what they mean.
CONFIG_KEYS: dict[str, str] = {
    "min_confidence": "lowest confidence to report: low, medium (default) or high",
    "exclude": "glob patterns of paths not to scan (files scans)",
    "respect_gitignore": "skip files that git ignores (default false: they are scanned)",
    "allow_markers": "extra inline markers that waive a finding, e.g. 'gitleaks:allow'",
    "disabled_rules": "ids of rules to switch off",
    "allowlist": "table with paths, values and stopwords that apply to every rule",
    "rules": "array of rule tables: a new id adds a rule, an existing id overrides its keys",
}

#: Sections that other parts of the scanner read from the raw config.
EXTENSION_SECTIONS: dict[str, str] = {
    "verify": "live-check settings (hosts, request template, cache)",
    "revoke": "revocation request template",
    "report": "report settings",
    "baseline": "baseline settings",
}


@dataclasses.dataclass(frozen=True)
class ConfigSource:
    """The origin of the user's config file.

    ``origin`` is one of ``option`` (--config), ``environment``
    (VIAFOUNDRY_SCAN_CONFIG), ``file`` (.viafoundry-scan.toml found from the
    scanned folder) or ``pyproject`` ([tool.viafoundry-scan]).
    """

    path: str
    origin: str

    @property
    def is_in_scanned_content(self) -> bool:
        """True for a config discovered in the scanned folder or repository.

        The authors of the scanned content also wrote such a file, so it must
        not be trusted with decisions that send tokens anywhere.
        """
        return self.origin in ("file", "pyproject")


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything a scan needs besides its input."""

    rules: tuple[Rule, ...]
    allowlist: Allowlist
    allow_markers: tuple[str, ...]
    min_confidence: Confidence
    excludes: tuple[str, ...]
    respect_gitignore: bool
    source: ConfigSource | None
    raw: dict[str, Any] = dataclasses.field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def with_overrides(
        self,
        *,
        min_confidence: Confidence | None = None,
        excludes: tuple[str, ...] = (),
        respect_gitignore: bool | None = None,
    ) -> Settings:
        """Return a copy with command-line options applied over the config file."""
        changes: dict[str, Any] = {"excludes": self.excludes + tuple(excludes)}
        if min_confidence is not None:
            changes["min_confidence"] = min_confidence
        if respect_gitignore is not None:
            changes["respect_gitignore"] = respect_gitignore
        return dataclasses.replace(self, **changes)
