"""A per-user cache of validated, compiled rule sets.

The pre-commit hook loads the same rules on every commit, and validating
and compiling them with ``regex`` is a large share of its start-up. A
compiled ``regex`` pattern pickles as its compiled code, so loading a
pickled rule set skips pattern parsing as well as validation.

A cache file is ``MAGIC``, the length of its key, the key, then the pickled
rules. The key contains everything that the compiled rules depend on: the
raw rule tables (with their source files), the versions of this package,
Python and ``regex``, and the source of the loader and the schema. The
source is part of the key because a development checkout changes the code
without changing the version. Only the key bytes are compared before
anything is unpickled. A file that is not the current user's, is writable
by others, or fails to load in any way is ignored, and the rules are then
compiled as without a cache.
"""
from __future__ import annotations

import logging
import os
import pickle
import stat
import sys
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

from scanner import __version__
from scanner.ruleset.schema import Rule

log = logging.getLogger(__name__)

#: Set to 0 to compile the rules on every run and leave the cache alone.
CACHE_ENV_VAR = "VIAFOUNDRY_SCAN_RULE_CACHE"

#: First bytes of a cache file; bump the digit when the file layout changes.
MAGIC = b"viafoundry-scan rules 1\n"

_LENGTH_BYTES = 8
#: Cache files kept; older ones are deleted when a new one is written.
MAX_CACHE_FILES = 16
_CODE_FILES = ("loader.py", "schema.py")


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """Return the cache folder ($XDG_CACHE_HOME or ~/.cache, then viafoundry-scan), or None when disabled."""
    source = os.environ if environ is None else environ
    if source.get(CACHE_ENV_VAR, "1") == "0":
        return None
    base = source.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):
        home = source.get("HOME")
        if not home:
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "viafoundry-scan"


def cache_key(raw_rules: object) -> bytes:
    """Return the bytes that identify a compiled rule set; equal keys give equal rules."""
    import regex

    folder = Path(__file__).parent
    code = [(folder / name).read_bytes() for name in _CODE_FILES]
    parts = (__version__, sys.version, regex.__version__, code, raw_rules)
    return pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)


def compiled_rules(raw_rules: object, compile_rules: Callable[[], list[Rule]]) -> list[Rule]:
    """Return the rules that ``compile_rules()`` builds from ``raw_rules``, from the cache when it has them.

    ``compile_rules`` runs on a miss and its result is stored. Its
    ConfigError propagates, so invalid rules are never cached. Any failure to
    read or write the cache is logged at debug level and otherwise ignored.
    """
    folder = cache_folder()
    if folder is None:
        return compile_rules()
    try:
        key = cache_key(raw_rules)
    except (OSError, pickle.PicklingError, TypeError) as error:
        log.debug("rule cache not used: cannot build its key (%s)", error)
        return compile_rules()
    path = folder / f"rules-{zlib.crc32(key):08x}.pickle"
    cached = _read(path, key)
    if cached is not None:
        return cached
    rules = compile_rules()
    _write(path, key, rules)
    _prune(folder, keep=path)
    return rules


def _read(path: Path, key: bytes) -> list[Rule] | None:
    """Return the rules stored in ``path`` under ``key``, or None for a missing, foreign or unusable file."""
    try:
        with path.open("rb") as stream:
            info = os.fstat(stream.fileno())
            if not _is_private(info):
                log.debug("rule cache %s ignored: not owned by this user or writable by others", path)
                return None
            header = stream.read(len(MAGIC) + _LENGTH_BYTES)
            if header[: len(MAGIC)] != MAGIC:
                return None
            length = int.from_bytes(header[len(MAGIC):], "big")
            if length != len(key) or stream.read(length) != key:
                return None
            rules = pickle.loads(stream.read())
    except FileNotFoundError:
        return None
    except Exception as error:  # a damaged file can raise nearly anything while unpickling
        log.debug("rule cache %s ignored: %s: %s", path, type(error).__name__, error)
        return None
    if not isinstance(rules, list) or not all(isinstance(rule, Rule) for rule in rules):
        log.debug("rule cache %s ignored: it does not contain a rule list", path)
        return None
    return rules


def _write(path: Path, key: bytes, rules: list[Rule]) -> None:
    """Store ``rules`` under ``key`` in ``path``, atomically; failures are logged and ignored."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        payload = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(MAGIC + len(key).to_bytes(_LENGTH_BYTES, "big") + key + payload)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError) as error:
        log.debug("rule cache %s not written: %s", path, error)
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def _prune(folder: Path, keep: Path) -> None:
    """Delete all but the MAX_CACHE_FILES most recently used cache files (never ``keep``).

    Each config variant (a project's rules, a test's temporary config) gets
    its own file, so without pruning the folder only grows.
    """
    try:
        files = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in files[MAX_CACHE_FILES:]:
            if stale != keep:
                stale.unlink(missing_ok=True)
    except OSError as error:
        log.debug("rule cache folder %s not pruned: %s", folder, error)


def _is_private(info: os.stat_result) -> bool:
    """Return True for a regular file of the current user that only that user can write."""
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISREG(info.st_mode) and owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
