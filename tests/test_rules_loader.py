"""Loading rule files: invalid files name the file, the rule id and the problem."""
from __future__ import annotations

import pytest

from scanner.errors import ConfigError
from scanner.ruleset.loader import compile_rules, merge_rules, read_rule_file

GOOD_RULE = '[[rules]]\nid = "{id}"\ndescription = "d"\npattern = "tok_[a-z]{{8}}"\n'


def _rule_file(tmp_path, text, name="rule.toml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_rule_file_compiles(tmp_path):
    path = _rule_file(tmp_path, GOOD_RULE.format(id="my-rule"))
    rules = compile_rules(read_rule_file(path))
    assert [r.id for r in rules] == ["my-rule"]
    assert rules[0].source_file == str(path)


def test_rule_file_invalid_toml(tmp_path):
    path = _rule_file(tmp_path, "[[rules]\nid = 1\n")
    with pytest.raises(ConfigError) as raised:
        read_rule_file(path)
    assert str(path) in raised.value.format_message()
    assert "not valid TOML" in raised.value.format_message()


def test_rule_file_not_utf8(tmp_path):
    path = _rule_file(tmp_path, b'[[rules]]\nid = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="not valid TOML"):
        read_rule_file(path)


def test_duplicate_rule_ids_rejected(tmp_path):
    first = _rule_file(tmp_path, GOOD_RULE.format(id="same-id"), "a.toml")
    second = _rule_file(tmp_path, GOOD_RULE.format(id="same-id"), "b.toml")
    with pytest.raises(ConfigError) as raised:
        compile_rules(read_rule_file(first) + read_rule_file(second))
    message = raised.value.format_message()
    assert "duplicate rule id" in message
    assert "rule 'same-id'" in message
    assert str(first) in message


def test_rule_without_id(tmp_path):
    path = _rule_file(tmp_path, '[[rules]]\ndescription = "d"\npattern = "x"\n')
    with pytest.raises(ConfigError) as raised:
        compile_rules(read_rule_file(path))
    assert "has no 'id'" in raised.value.format_message()


def test_alphabet_placeholder_without_alphabet(tmp_path):
    path = _rule_file(tmp_path, '[[rules]]\nid = "r"\ndescription = "d"\npattern = "[${alphabet}]{4}"\n')
    with pytest.raises(ConfigError, match="uses \\$\\{alphabet\\} but the rule sets no alphabet"):
        compile_rules(read_rule_file(path))


def test_merge_override_keeps_builtin_examples(tmp_path):
    base = [({"id": "r", "description": "d", "pattern": "x", "examples": {"positive": ["x"]}}, "base")]
    override = [({"id": "r", "examples": {"negative": ["y"]}}, "user")]
    merged = merge_rules(base, override)
    assert merged[0][0]["examples"] == {"positive": ["x"], "negative": ["y"]}
    assert merged[0][1] == "user"
