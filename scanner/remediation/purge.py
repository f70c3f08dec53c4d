"""The clean-up plan for tokens in git history, and the replacements file for git filter-repo."""
from __future__ import annotations

import os
from collections.abc import Sequence

from scanner.errors import ScanFailure
from scanner.remediation.model import LeakedToken

REPLACEMENT = "***REMOVED-VIAFOUNDRY-TOKEN***"


def render_plan(tokens: Sequence[LeakedToken], replacements: str | None) -> str:
    """Return the steps that follow revocation for the tokens found in history."""
    in_history = [t for t in tokens if t.in_history]
    if not in_history:
        return "No token in this report was found in git history: no history rewrite is needed.\n"
    file_name = replacements or "replacements.txt"
    lines = ["# Clean-up plan for tokens in git history", "",
             "1. Revoke every token below first (viafoundry-scan revoke --from REPORT). Rewriting history "
             "does not make a leaked token safe: clones, forks and caches keep the old commits.", ""]
    for token in in_history:
        lines.append(f"   - {token.redacted} ({token.token_type}, {token.status})")
        for location in token.locations:
            if location.commit:
                lines.append(f"     {location.describe()}")
    lines += ["", "2. Replacements file for git filter-repo:"]
    if replacements:
        lines.append(f"   written to {replacements} with mode 0600. It holds the token text: "
                     "delete it once the rewrite is done, and never commit it.")
    else:
        lines.append("   not written, because it would hold the token text. Rerun with "
                     "--write-replacements FILE to write it (mode 0600).")
    # --replace-text rewrites file contents only; --replace-message applies the
    # same expressions to commit and tag messages, which may contain a token too.
    lines += ["", "3. In a fresh mirror clone, rewrite every branch and tag (file contents with "
              "--replace-text, commit and tag messages with --replace-message):",
              "     git clone --mirror URL repo.git && cd repo.git",
              f"     git filter-repo --replace-text {file_name} --replace-message {file_name}",
              "", "4. Force-push the rewritten history, branches and tags included:",
              "     git push --force --mirror origin",
              "", "5. Ask every collaborator to re-clone (a pull would bring the old commits back), and ask "
              "the hosting service to drop cached views and pull-request refs of the old commits. "
              "Rebuild CI caches and artifacts made from them.", ""]
    return "\n".join(lines)


def write_replacements(path: str, secrets: Sequence[str]) -> None:
    """Write one ``TOKEN==>REPLACEMENT`` line per token, readable by the owner only.

    NOTE: this is the only file the scanner writes that contains token text; it
    is created new (never overwritten) with mode 0600 from the start.
    Raises ScanFailure when the file exists or cannot be written.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ScanFailure(f"{path} already exists; remove it or choose another file for the replacements") from None
    except OSError as error:
        raise ScanFailure(f"cannot create {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        for secret in secrets:
            stream.write(f"{secret}==>{REPLACEMENT}\n")
    os.chmod(path, 0o600)
