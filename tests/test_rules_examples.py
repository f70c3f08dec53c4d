"""Every shipped rule passes its own positive and negative examples."""
from __future__ import annotations

from pathlib import Path

import pytest

from scanner.ruleset.examples import check_rule_examples, expand
from scanner.ruleset.loader import builtin_rule_files, compile_rules, read_rule_file

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
RULE_FILES = sorted(RULES_DIR.glob("*.toml"))


def _rules_in(path: Path):
    return compile_rules(read_rule_file(path))


def test_rules_folder_has_both_rules():
    ids = {rule.id for path in RULE_FILES for rule in _rules_in(path)}
    assert ids == {"viafoundry-mcp-token", "viafoundry-general-token"}


def test_builtin_rule_files_are_the_rules_folder():
    assert [p.resolve() for p in builtin_rule_files()] == [p.resolve() for p in RULE_FILES]


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_rule_examples_hold(path):
    for rule in _rules_in(path):
        assert rule.positive_examples, f"{rule.id} has no positive example"
        assert rule.negative_examples, f"{rule.id} has no negative example"
        assert list(check_rule_examples(rule)) == []


def test_example_checker_reports_wrong_example():
    rule = _rules_in(RULES_DIR / "viafoundry-mcp-token.toml")[0]
    broken = type(rule)(**{**rule.__dict__, "positive_examples": ("token = nothing here",)})
    messages = list(check_rule_examples(broken))
    assert len(messages) == 1
    assert "positive example is not reported" in messages[0]


def test_expand_generators_have_requested_length():
    assert len(expand("{{alnum:128}}")) == 128
    assert len(expand("{{hex:128}}")) == 128
    assert len(expand("{{sha512:x}}")) == 128
    assert expand("{{repeat:ab:5}}") == "ababa"


def test_expand_unknown_generator_raises():
    with pytest.raises(ValueError, match="unknown example generator"):
        expand("{{nope:3}}")


def test_rule_files_hold_no_token_shaped_string():
    import regex

    token_shape = regex.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{128}(?![A-Za-z0-9])")
    for path in RULE_FILES:
        assert not token_shape.search(path.read_text(encoding="utf-8")), path.name
