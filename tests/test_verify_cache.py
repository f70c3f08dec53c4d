"""The on-disk cache: keyed by hashes, one request saved per cached token, entries expire."""
from __future__ import annotations

import json

from conftest import findings_of, run_cli  # noqa: F401
from fake_viafoundry import user_config, viafoundry  # noqa: F401
from scanner.fingerprints import sha256_hex
from scanner.verify.cache import ResultCache, cache_key
from scanner.verify.results import LIVE, UNKNOWN, Verification
from tokens import mcp


def test_second_scan_uses_cache(tmp_path, run_cli, viafoundry, user_config):
    viafoundry.live_tokens.add(mcp(1))
    cache = tmp_path / "cache.json"
    user_config(f'[verify]\nbackoff = 0.01\ncache = "{cache}"\ncache_ttl = 600\n')
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(1)}\n")
    args = ["files", str(folder), "--verify", "--viafoundry-url", viafoundry.url, "--format", "json"]
    run_cli(args, exit_code=1)
    result = run_cli(args, exit_code=1)
    assert len(viafoundry.requests) == 1
    assert findings_of(result)[0]["verification"]["reason"] == "HTTP 200 (cached)"
    entries = json.loads(cache.read_text())["entries"]
    assert list(entries) == [cache_key(viafoundry.url, sha256_hex(mcp(1)))]


def test_entries_expire(tmp_path):
    path = tmp_path / "cache.json"
    cache = ResultCache(path, ttl=60, now=1000.0)
    cache.put("abc", Verification(LIVE, "HTTP 200", "https://h", 200))
    cache.save()
    assert ResultCache(path, ttl=60, now=1059.0).get("https://h", "abc") is not None
    assert ResultCache(path, ttl=60, now=1061.0).get("https://h", "abc") is None


def test_unknown_not_cached(tmp_path):
    cache = ResultCache(tmp_path / "cache.json", ttl=60)
    cache.put("abc", Verification(UNKNOWN, "timed out", "https://h"))
    assert cache.entries == {}


def test_corrupt_cache_is_ignored(tmp_path):
    path = tmp_path / "cache.json"
    path.write_text("{not json")
    assert ResultCache(path, ttl=60).entries == {}
