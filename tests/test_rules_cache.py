"""The compiled-rule cache: hits, invalidation, and files it must not trust."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.config.loader import load_settings
from scanner.errors import ConfigError
from scanner.models import Document
from scanner.ruleset import cache
from scanner.ruleset.loader import builtin_rule_files, compile_rules, read_rule_file
from scanner.ruleset.schema import Rule
from scanner.scans.files import build_detector
from tests.gitrepo import fake_token


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG_CACHE_HOME at a fresh folder and return the rule cache folder inside it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(cache.CACHE_ENV_VAR, raising=False)
    return tmp_path / "xdg" / "viafoundry-scan"


@pytest.fixture
def raw_rules() -> list:
    return [raw for path in builtin_rule_files() for raw in read_rule_file(path)]


class CountingCompiler:
    """Compile ``raw_rules`` and count the calls, to tell a cache hit from a miss."""

    def __init__(self, raw_rules: list) -> None:
        self.raw_rules = raw_rules
        self.calls = 0

    def __call__(self) -> list[Rule]:
        self.calls += 1
        return compile_rules(self.raw_rules)


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.pickle"))


def test_second_load_is_a_hit(cache_home, raw_rules):
    compiler = CountingCompiler(raw_rules)
    first = cache.compiled_rules(raw_rules, compiler)
    second = cache.compiled_rules(raw_rules, compiler)
    assert compiler.calls == 1
    assert len(cache_files(cache_home)) == 1
    assert [rule.id for rule in second] == [rule.id for rule in first]
    assert [rule.pattern.pattern for rule in second] == [rule.pattern.pattern for rule in first]


def test_cached_rules_find_the_same(cache_home, tmp_path):
    lines = [
        f"VIAFOUNDRY_TOKEN={fake_token(1)}",
        f'{{"env": {{"VIAFOUNDRY_MCP_TOKEN": "{fake_token(2, mcp=True)}"}}}}',
        f"bearer_token = {fake_token(3).lower()[:64] * 2}",
        f"sha512: {'0123456789abcdef' * 8}",
    ]
    data = ("\n".join(lines) + "\n").encode()
    fresh_settings = load_settings(None, tmp_path, environ={})
    cached_settings = load_settings(None, tmp_path, environ={})
    assert len(cache_files(cache_home)) == 1
    fresh = [finding.to_dict() for finding in build_detector(fresh_settings).scan_document(
        Document("sample.txt", data, "file"))]
    cached = [finding.to_dict() for finding in build_detector(cached_settings).scan_document(
        Document("sample.txt", data, "file"))]
    assert len(fresh) >= 2
    assert cached == fresh


def test_changed_rules_miss(cache_home, raw_rules):
    cache.compiled_rules(raw_rules, CountingCompiler(raw_rules))
    changed = [(dict(table, confidence="high"), source) for table, source in raw_rules]
    compiler = CountingCompiler(changed)
    rules = cache.compiled_rules(changed, compiler)
    assert compiler.calls == 1
    assert {rule.confidence.label for rule in rules} == {"high"}
    assert len(cache_files(cache_home)) == 2


def test_damaged_file_is_recompiled(cache_home, raw_rules):
    cache.compiled_rules(raw_rules, CountingCompiler(raw_rules))
    [path] = cache_files(cache_home)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40] + b"\x00garbage")
    compiler = CountingCompiler(raw_rules)
    rules = cache.compiled_rules(raw_rules, compiler)
    assert compiler.calls == 1
    assert [rule.id for rule in rules] == [rule.id for rule in compile_rules(raw_rules)]


def test_wrong_magic_is_ignored(cache_home, raw_rules):
    cache.compiled_rules(raw_rules, CountingCompiler(raw_rules))
    [path] = cache_files(cache_home)
    path.write_bytes(b"something else entirely")
    compiler = CountingCompiler(raw_rules)
    cache.compiled_rules(raw_rules, compiler)
    assert compiler.calls == 1


def test_file_writable_by_others_is_ignored(cache_home, raw_rules):
    cache.compiled_rules(raw_rules, CountingCompiler(raw_rules))
    [path] = cache_files(cache_home)
    os.chmod(path, 0o666)
    compiler = CountingCompiler(raw_rules)
    cache.compiled_rules(raw_rules, compiler)
    assert compiler.calls == 1


def test_cache_switched_off(cache_home, raw_rules, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV_VAR, "0")
    compiler = CountingCompiler(raw_rules)
    cache.compiled_rules(raw_rules, compiler)
    cache.compiled_rules(raw_rules, compiler)
    assert compiler.calls == 2
    assert not cache_home.exists()


def test_unwritable_folder_still_compiles(tmp_path, raw_rules, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    compiler = CountingCompiler(raw_rules)
    rules = cache.compiled_rules(raw_rules, compiler)
    assert compiler.calls == 1
    assert rules


def test_relative_xdg_cache_home_ignored():
    folder = cache.cache_folder({"XDG_CACHE_HOME": "relative/cache", "HOME": "/home/user"})
    assert folder == Path("/home/user/.cache/viafoundry-scan")


def test_invalid_rule_not_cached(cache_home, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[[rules]]\nid = "bad-rule"\ndescription = "d"\npattern = "tok_[a-z"\n')
    for _ in range(2):
        with pytest.raises(ConfigError, match="not a valid regex"):
            load_settings(str(config), tmp_path)
    assert cache_files(cache_home) == []


def test_config_change_reaches_settings(cache_home, tmp_path):
    config = tmp_path / "scan.toml"
    config.write_text('[[rules]]\nid = "viafoundry-mcp-token"\nconfidence = "low"\n')
    first = {rule.id: rule.confidence.label for rule in load_settings(str(config), tmp_path).rules}
    config.write_text('[[rules]]\nid = "viafoundry-mcp-token"\nconfidence = "high"\n')
    second = {rule.id: rule.confidence.label for rule in load_settings(str(config), tmp_path).rules}
    assert first["viafoundry-mcp-token"] == "low"
    assert second["viafoundry-mcp-token"] == "high"


def test_old_cache_files_pruned(cache_home, raw_rules):
    """Each rule variant writes its own file; only the newest MAX_CACHE_FILES stay."""
    import copy

    for index in range(cache.MAX_CACHE_FILES + 5):
        variant = copy.deepcopy(raw_rules)
        variant[0][0]["description"] = f"variant {index}"
        cache.compiled_rules(variant, CountingCompiler(variant))
    assert len(cache_files(cache_home)) == cache.MAX_CACHE_FILES
