"""Path helpers shared by the git scan modes."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

# The git modes apply the files mode's exclude globs, with the same meaning.
from scanner.sources.files import _is_excluded


def is_excluded_path(path: str, patterns: Sequence[str]) -> bool:
    """Return True when an exclude glob matches the repository path, a folder of it or its file name."""
    return _is_excluded(path, patterns)


def top_relative(top: Path, name: str) -> str:
    """Return ``name`` (relative to the current folder, or absolute) relative to the work tree top, with '/'."""
    absolute = os.path.abspath(name)
    real_top = os.path.realpath(top)
    folder = os.path.realpath(os.path.dirname(absolute))
    relative = os.path.relpath(os.path.join(folder, os.path.basename(absolute)), real_top)
    return relative.replace(os.sep, "/")
