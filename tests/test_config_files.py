"""Config discovery and precedence, rule overrides, new rules and invalid files."""
from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config.loader import find_config, load_settings
from scanner.errors import ConfigError
from scanner.models import Confidence


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_uses_defaults(tmp_path):
    settings = load_settings(None, tmp_path, environ={})
    assert settings.source is None
    assert settings.min_confidence == Confidence.MEDIUM
    assert {rule.id for rule in settings.rules} == {"viafoundry-mcp-token", "viafoundry-general-token"}


def test_option_beats_environment(tmp_path):
    option = _write(tmp_path / "option.toml", 'min_confidence = "high"\n')
    env = _write(tmp_path / "env.toml", 'min_confidence = "low"\n')
    settings = load_settings(str(option), tmp_path, environ={"VIAFOUNDRY_SCAN_CONFIG": str(env)})
    assert settings.source.origin == "option"
    assert settings.min_confidence == Confidence.HIGH


def test_environment_beats_repo_file(tmp_path):
    env = _write(tmp_path / "env.toml", 'min_confidence = "low"\n')
    _write(tmp_path / "repo" / ".viafoundry-scan.toml", 'min_confidence = "high"\n')
    settings = load_settings(None, tmp_path / "repo", environ={"VIAFOUNDRY_SCAN_CONFIG": str(env)})
    assert settings.source.origin == "environment"
    assert settings.min_confidence == Confidence.LOW


def test_repo_file_beats_pyproject(tmp_path):
    _write(tmp_path / ".viafoundry-scan.toml", 'min_confidence = "high"\n')
    _write(tmp_path / "pyproject.toml", '[tool.viafoundry-scan]\nmin_confidence = "low"\n')
    settings = load_settings(None, tmp_path, environ={})
    assert settings.source.origin == "file"
    assert settings.min_confidence == Confidence.HIGH


def test_pyproject_table_read(tmp_path):
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.viafoundry-scan]\nexclude = ["docs/"]\n')
    settings = load_settings(None, tmp_path, environ={})
    assert settings.source.origin == "pyproject"
    assert settings.excludes == ("docs/",)


def test_pyproject_without_table_ignored(tmp_path):
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(None, {}, tmp_path) is None


def test_config_found_in_parent_up_to_repo_top(tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    _write(tmp_path / "repo" / ".viafoundry-scan.toml", 'min_confidence = "high"\n')
    (tmp_path / "repo" / "src" / "pkg").mkdir(parents=True)
    source = find_config(None, {}, tmp_path / "repo" / "src" / "pkg")
    assert source is not None
    assert Path(source.path) == (tmp_path / "repo" / ".viafoundry-scan.toml").resolve()


def test_config_search_stops_at_repo_top(tmp_path):
    _write(tmp_path / ".viafoundry-scan.toml", 'min_confidence = "high"\n')
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert find_config(None, {}, tmp_path / "repo") is None


def test_cli_options_beat_config(tmp_path):
    config = _write(tmp_path / "c.toml", 'min_confidence = "high"\nrespect_gitignore = true\n')
    settings = load_settings(str(config), tmp_path, environ={})
    settings = settings.with_overrides(min_confidence=Confidence.LOW, respect_gitignore=False)
    assert settings.min_confidence == Confidence.LOW
    assert settings.respect_gitignore is False


def test_rule_override_changes_only_its_keys(tmp_path):
    config = _write(
        tmp_path / "c.toml",
        '[[rules]]\nid = "viafoundry-general-token"\nmin_entropy = 4.5\n'
        '[rules.allowlist]\nvalues = ["^TEST"]\n',
    )
    settings = load_settings(str(config), tmp_path, environ={})
    rule = next(r for r in settings.rules if r.id == "viafoundry-general-token")
    assert rule.min_entropy == 4.5
    assert rule.length == 128
    assert [p.pattern for p in rule.allowlist.values] == ["^TEST"]
    assert "example" in rule.allowlist.stopwords


def test_new_user_rule_added(tmp_path):
    config = _write(
        tmp_path / "c.toml",
        '[[rules]]\nid = "internal-api-key"\ndescription = "Internal API key"\n'
        'pattern = \'\'\'(ik_[a-z0-9]{32})\'\'\'\nsecret_group = 1\nkeywords = ["ik_"]\n',
    )
    settings = load_settings(str(config), tmp_path, environ={})
    assert [r.id for r in settings.rules][-1] == "internal-api-key"


def test_disabled_rules(tmp_path):
    config = _write(tmp_path / "c.toml", 'disabled_rules = ["viafoundry-general-token"]\n')
    settings = load_settings(str(config), tmp_path, environ={})
    assert [r.id for r in settings.rules] == ["viafoundry-mcp-token"]


def test_allow_markers_extend_default(tmp_path):
    config = _write(tmp_path / "c.toml", 'allow_markers = ["gitleaks:allow"]\n')
    settings = load_settings(str(config), tmp_path, environ={})
    assert settings.allow_markers == ("viafoundry-scan: allow", "gitleaks:allow")


INVALID_CONFIGS = {
    "toml syntax": ("min_confidence = \n", None, "not valid TOML"),
    "confidence value": ('min_confidence = "extreme"\n', None, "min_confidence"),
    "exclude type": ('exclude = "docs"\n', None, "'exclude' must be a list of strings"),
    "bad regex": (
        '[[rules]]\nid = "my-rule"\ndescription = "d"\npattern = "(unclosed"\n',
        "my-rule",
        "'pattern' is not a valid regex",
    ),
    "missing pattern": ('[[rules]]\nid = "my-rule"\ndescription = "d"\n', "my-rule", "missing required key 'pattern'"),
    "missing description": ('[[rules]]\nid = "my-rule"\npattern = "x"\n', "my-rule", "'description'"),
    "group out of range": (
        '[[rules]]\nid = "my-rule"\ndescription = "d"\npattern = "(a)"\nsecret_group = 3\n',
        "my-rule",
        "'secret_group' is 3",
    ),
    "unknown rule key": (
        '[[rules]]\nid = "my-rule"\ndescription = "d"\npattern = "a"\npaterns = 1\n',
        "my-rule",
        "unknown key(s) paterns",
    ),
    "bad id": ('[[rules]]\nid = "My Rule"\ndescription = "d"\npattern = "a"\n', "My Rule", "kebab-case"),
    "override alphabet": (
        '[[rules]]\nid = "viafoundry-mcp-token"\nalphabet = "z-a"\n',
        "viafoundry-mcp-token",
        "'alphabet' is not a valid regex",
    ),
    "entropy type": (
        '[[rules]]\nid = "viafoundry-general-token"\nmin_entropy = "high"\n',
        "viafoundry-general-token",
        "'min_entropy' must be a number",
    ),
    "rules not array": ('[rules]\nid = "x"\n', None, "'rules' must be an array of tables"),
    "disabled unknown": ('disabled_rules = ["nope"]\n', None, "unknown rule(s): nope"),
    "allowlist regex": ('[allowlist]\npaths = ["("]\n', None, "'paths' is not a valid regex"),
}


@pytest.mark.parametrize("case", sorted(INVALID_CONFIGS))
def test_invalid_config_names_file_rule_and_problem(tmp_path, case):
    text, rule_id, problem = INVALID_CONFIGS[case]
    config = _write(tmp_path / "bad.toml", text)
    with pytest.raises(ConfigError) as raised:
        load_settings(str(config), tmp_path, environ={})
    message = raised.value.format_message()
    assert str(config) in message
    assert problem in message
    if rule_id:
        assert f"rule '{rule_id}'" in message
    assert raised.value.exit_code == 3


def test_missing_config_file_is_config_error(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(str(tmp_path / "nope.toml"), tmp_path, environ={})


def test_unknown_top_level_key_warns(tmp_path):
    config = _write(tmp_path / "c.toml", 'min_confidense = "low"\n')
    settings = load_settings(str(config), tmp_path, environ={})
    assert len(settings.warnings) == 1
    assert "min_confidense" in settings.warnings[0]
