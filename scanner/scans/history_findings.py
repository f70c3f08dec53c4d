"""Attribute history findings to the commits and paths that introduce them.

A token is reported once per path, at the first commit (ancestors first)
that writes it there. Every other place that carries the same token (other
paths, later commits that write it again) is listed in ``other_locations``.
A path deleted by a commit is never an introduction.
"""
from __future__ import annotations

from collections.abc import Sequence

from scanner.fingerprints import fingerprint
from scanner.git.commits import commit_infos
from scanner.git.log_walk import walk_blob_entries
from scanner.git.repository import Repository
from scanner.models import CommitInfo, Finding, Location
from scanner.scans.blobs import BlobResult
from scanner.scans.git_paths import is_excluded_path


def locate_blobs(
    repository: Repository, revision_args: Sequence[str], excludes: Sequence[str], wanted: set[str]
) -> dict[str, list[tuple[str, str]]]:
    """Return, for each blob in ``wanted``, every (commit, path) that writes it, ancestors first."""
    places: dict[str, list[tuple[str, str]]] = {}
    if not wanted:
        return places
    for entry in walk_blob_entries(repository, revision_args):
        if entry.blob in wanted and not is_excluded_path(entry.path, excludes):
            places.setdefault(entry.blob, []).append((entry.commit, entry.path))
    return places


def attribute_findings(
    repository: Repository,
    revision_args: Sequence[str],
    excludes: Sequence[str],
    blob_results: Sequence[BlobResult],
    messages: Sequence[tuple[str, Finding]],
    repeated: set[str] | None = None,
) -> list[Finding]:
    """Return the history findings with commit details and other locations filled in.

    ``repeated`` names the blobs that the first walk saw written more than
    once (None: unknown). A blob written once has its first commit and path
    as its only place, so the second walk runs only for repeated ones.
    """
    wanted = {item.target.blob for item in blob_results if item.target.commit}
    if repeated is not None:
        wanted &= repeated
    places = locate_blobs(repository, revision_args, excludes, wanted)
    placed: list[tuple[Finding, str | None]] = []
    first: dict[tuple[str, str, str | None], int] = {}
    for item in blob_results:
        where = places.get(item.target.blob) or [(item.target.commit or "", item.target.path or "")]
        for commit, path in where:
            for finding in item.result.findings:
                key = (finding.rule_id, finding.secret_sha256, path)
                if key not in first:
                    first[key] = len(placed)
                moved = finding.replace(path=path, fingerprint=fingerprint(finding.rule_id, path,
                                                                           finding.secret_sha256))
                placed.append((moved, commit or None))
    placed += [(finding, sha) for sha, finding in messages]
    infos = commit_infos(repository, [sha for _, sha in placed if sha])
    reported = sorted(set(first.values()) | set(range(len(placed) - len(messages), len(placed))))
    # Group positions by token once: comparing every finding with every other
    # one took minutes on histories where a token-like string recurs often.
    same_token: dict[tuple[str, str], list[int]] = {}
    for position, (finding, _sha) in enumerate(placed):
        same_token.setdefault((finding.rule_id, finding.secret_sha256), []).append(position)
    return [_with_details(index, placed, infos, same_token) for index in reported]


def _with_details(index: int, placed: Sequence[tuple[Finding, str | None]], infos: dict[str, CommitInfo],
                  same_token: dict[tuple[str, str], list[int]]) -> Finding:
    finding, sha = placed[index]
    others = tuple(
        Location(placed[position][0].path, placed[position][0].line, placed[position][1])
        for position in same_token[(finding.rule_id, finding.secret_sha256)]
        if position != index
    )
    return finding.replace(commit=infos.get(sha) if sha else None, other_locations=others)
