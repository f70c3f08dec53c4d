"""Rule descriptions for reports that carry rule metadata (sarif, gitlab).

A report holds only rule ids, so the descriptions come from the shipped rule
files. A rule that the user's config adds has no shipped description and
gets a generic one built from its id.

NOTE: a description that the user's config overrides for a shipped rule is
not seen here; reports show the shipped text.
"""
from __future__ import annotations

import functools
import logging

from scanner.errors import ConfigError

log = logging.getLogger(__name__)

REMEDIATION = (
    "Revoke the token in ViaFoundry (Profile > Personal Access Tokens), create a new one, "
    "and remove the leaked one from the file and from the git history."
)


@functools.lru_cache(maxsize=1)
def shipped_descriptions() -> dict[str, str]:
    """Return rule id -> description for the rules shipped in rules/."""
    from scanner.ruleset.loader import builtin_rule_files, read_rule_file

    descriptions: dict[str, str] = {}
    try:
        for path in builtin_rule_files():
            for table, _source in read_rule_file(path):
                if isinstance(table.get("id"), str) and isinstance(table.get("description"), str):
                    descriptions[table["id"]] = table["description"]
    except ConfigError as error:  # the scan itself already loaded these files
        log.warning("rule descriptions unavailable: %s", error)
    return descriptions


def describe(rule_id: str) -> str:
    """Return the one-line description of a rule."""
    return shipped_descriptions().get(rule_id, f"ViaFoundry token found by the rule {rule_id}")
