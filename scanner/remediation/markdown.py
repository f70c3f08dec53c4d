"""The revocation report as Markdown: the live tokens first, each with the steps to revoke it."""
from __future__ import annotations

from collections.abc import Sequence

from scanner.remediation.model import LeakedToken


def render(tokens: Sequence[LeakedToken]) -> str:
    """Return the whole report; tokens are shown redacted whatever the scan's settings."""
    live = [t for t in tokens if t.status == "live"]
    rest = [t for t in tokens if t.status != "live"]
    lines = ["# ViaFoundry token revocation report", "", summary(tokens), ""]
    for number, token in enumerate(live, 1):
        lines += _live_section(number, token)
    if rest:
        lines += ["## Tokens not confirmed live", "",
                  "| token | type | status | reason | locations |", "|---|---|---|---|---|"]
        for token in rest:
            lines.append(f"| `{token.redacted}` | {token.token_type} | {token.status} | {_cell(token.reason)} "
                         f"| {_cell('; '.join(loc.describe() for loc in token.locations))} |")
        lines += ["", "An `unknown` or `not_checked` token may still be live: rerun the scan with `--verify` "
                      "once the server answers, or revoke it to be safe.", ""]
    return "\n".join(lines)


def summary(tokens: Sequence[LeakedToken]) -> str:
    counts = {status: sum(1 for t in tokens if t.status == status)
              for status in ("live", "unknown", "not_checked", "revoked")}
    return (f"{counts['live']} live token(s) to revoke now; {counts['unknown']} unknown, "
            f"{counts['not_checked']} not checked, {counts['revoked']} already revoked or invalid.")


def _live_section(number: int, token: LeakedToken) -> list[str]:
    lines = [f"## {number}. `{token.redacted}` ({token.token_type} token)", "",
             f"- Live on: {token.host} ({token.reason})",
             f"- SHA-256: `{token.secret_sha256}`"]
    if token.first_commit:
        commit = token.first_commit
        lines.append(f"- First leaked in: commit `{str(commit.get('sha', ''))[:12]}` on {commit.get('date')} "
                     f"by {commit.get('author_name')} <{commit.get('author_email')}>")
    if token.host_hints:
        lines.append(f"- Hosts named near it: {', '.join(token.host_hints)}")
    lines += ["- Locations:"] + [f"  - `{loc.describe()}`" for loc in token.locations]
    lines += ["", "Steps to revoke:", "",
              f"1. Sign in to {token.host} as the token's owner, open Profile > Personal Access Tokens, "
              f"and delete the token that ends in `{token.redacted[-4:]}`; or run "
              "`viafoundry-scan revoke --from scan.json` if your deployment has a revocation endpoint.",
              "2. Create a new token and put it where the old one was used (CI variables, `~/.viaenv`, "
              "MCP client config), never in a tracked file.",
              "3. Check the server's audit log for use of the old token since it leaked.",
              "4. Remove the token from the files above; for git history, run "
              "`viafoundry-scan purge-plan --from scan.json`.", ""]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
