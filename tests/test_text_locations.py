"""How the text report names a location."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from scanner.cli.main import cli
from tests.tokens import alnum


def test_commit_msg_location_without_commit(tmp_path: Path) -> None:
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text(f"Configure the client\n\nused VIAFOUNDRY_TOKEN={alnum(9801)}\n")
    result = CliRunner().invoke(cli, ["commit-msg", str(message)])
    assert result.exit_code == 1, result.output
    assert "commit message, line 3" in result.output
    assert "?" not in result.output.splitlines()[0]


def test_newline_in_file_name_escaped(tmp_path: Path) -> None:
    (tmp_path / "odd\nname.env").write_text(f"VIAFOUNDRY_TOKEN={alnum(9802)}\n")
    result = CliRunner().invoke(cli, ["files", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "odd\\nname.env:1:18: viafoundry-general-token" in result.output


def test_summary_counts_skipped_paths(tmp_path: Path) -> None:
    import os

    (tmp_path / "notes.txt").write_text("nothing\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "notes.txt")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "a.txt").write_text("x\n")
    result = CliRunner().invoke(cli, ["files", str(tmp_path), "--exclude", "fixtures/"])
    assert result.exit_code == 0, result.output
    assert "1 file scanned" in result.output
    assert "1 excluded" in result.output
    assert "1 symbolic links skipped" in result.output
    assert "1 FIFOs or devices skipped" in result.output
