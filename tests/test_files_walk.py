"""The folder walk: symbolic links, FIFOs, .git, --exclude and git-ignored files."""
from __future__ import annotations

import os

import pytest

from tests.conftest import git, scan_folder
from tests.tokens import alnum


def _plant(folder, name, seed):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"VIAFOUNDRY_TOKEN={alnum(seed)}\n")
    return path


def _paths(report):
    return sorted(f.path for f in report.findings)


def test_symlink_to_file_not_followed(tmp_path):
    outside = _plant(tmp_path / "outside", "secret.env", 301)
    scanned = tmp_path / "scanned"
    scanned.mkdir()
    (scanned / "link.env").symlink_to(outside)
    report = scan_folder(scanned)
    assert report.findings == []
    assert report.stats.extra["symlinks_skipped"] == 1


def test_symlink_to_folder_not_followed(tmp_path):
    _plant(tmp_path / "outside", "secret.env", 302)
    scanned = tmp_path / "scanned"
    scanned.mkdir()
    (scanned / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    report = scan_folder(scanned)
    assert report.findings == []


def test_symlink_given_as_path_followed(tmp_path):
    """A link named on the command line is read (as find -H does), under the name given."""
    outside = _plant(tmp_path, "secret.env", 303)
    (tmp_path / "link.env").symlink_to(outside)
    report = scan_folder(tmp_path, "link.env")
    assert [f.path.rsplit("/", 1)[-1] for f in report.findings] == ["link.env"]


def test_dangling_symlink_given_as_path_unreadable(tmp_path):
    (tmp_path / "dangling.env").symlink_to(tmp_path / "missing.env")
    report = scan_folder(tmp_path, "dangling.env")
    assert report.stats.unreadable == 1
    assert report.findings == []


def test_fifo_given_as_path_warned(tmp_path):
    os.mkfifo(tmp_path / "named.pipe")
    report = scan_folder(tmp_path, "named.pipe")
    assert any("named.pipe" in warning and "not a regular file" in warning for warning in report.warnings)


def test_undecodable_file_name_reported(tmp_path):
    """A file name that is not valid UTF-8 must not abort the scan or the JSON report."""
    import json

    from click.testing import CliRunner

    from scanner.cli.main import cli

    _plant(tmp_path, "plain.env", 304)
    name = os.fsdecode(b"bad\xffname.env")
    (tmp_path / name).write_bytes((tmp_path / "plain.env").read_bytes())
    output = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["files", str(tmp_path), "--format", "json", "--output", str(output)])
    assert result.exit_code == 1, result.output
    paths = sorted(f["path"] for f in json.loads(output.read_text(encoding="utf-8"))["findings"])
    assert paths == ["bad\\xffname.env", "plain.env"]


def test_fifo_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.env")
    _plant(tmp_path, "real.env", 304)
    report = scan_folder(tmp_path)
    assert _paths(report) == ["real.env"]
    assert report.stats.extra["special_files_skipped"] == 1


def test_dot_git_skipped(tmp_path):
    _plant(tmp_path, ".git/config", 305)
    _plant(tmp_path, "sub/.git/hooks/pre-commit", 306)
    _plant(tmp_path, "app.env", 307)
    report = scan_folder(tmp_path)
    assert _paths(report) == ["app.env"]


def test_exclude_file_glob(tmp_path):
    _plant(tmp_path, "a.env", 308)
    _plant(tmp_path, "docs/b.md", 309)
    report = scan_folder(tmp_path, excludes=("*.md",))
    assert _paths(report) == ["a.env"]
    assert report.stats.excluded == 1


def test_exclude_folder(tmp_path):
    _plant(tmp_path, "a.env", 310)
    _plant(tmp_path, "vendor/lib/b.env", 311)
    report = scan_folder(tmp_path, excludes=("vendor/",))
    assert _paths(report) == ["a.env"]


def test_exclude_path_glob(tmp_path):
    _plant(tmp_path, "keep/b.env", 312)
    _plant(tmp_path, "tests/fixtures/b.env", 313)
    report = scan_folder(tmp_path, excludes=("tests/fixtures/*",))
    assert _paths(report) == ["keep/b.env"]


def test_gitignored_file_scanned_by_default(git_repo):
    (git_repo / ".gitignore").write_text(".env\n")
    _plant(git_repo, ".env", 314)
    report = scan_folder(git_repo)
    assert _paths(report) == [".env"]


def test_respect_gitignore_skips_ignored(git_repo):
    (git_repo / ".gitignore").write_text(".env\nbuild/\n")
    _plant(git_repo, ".env", 315)
    _plant(git_repo, "build/out.txt", 316)
    _plant(git_repo, "src/app.env", 317)
    report = scan_folder(git_repo, respect_gitignore=True)
    assert _paths(report) == ["src/app.env"]
    assert report.stats.extra["gitignored_skipped"] == 2


def test_respect_gitignore_outside_repo_scans_all(tmp_path):
    (tmp_path / ".gitignore").write_text(".env\n")
    _plant(tmp_path, ".env", 318)
    report = scan_folder(tmp_path, respect_gitignore=True)
    assert _paths(report) == [".env"]


def test_respect_gitignore_in_subfolder_of_repo(git_repo):
    (git_repo / ".gitignore").write_text("*.local\n")
    _plant(git_repo, "svc/settings.local", 319)
    _plant(git_repo, "svc/settings.env", 320)
    git(git_repo, "add", ".gitignore")
    report = scan_folder(git_repo / "svc", respect_gitignore=True)
    assert _paths(report) == ["settings.env"]


def test_paths_relative_to_scanned_folder(tmp_path):
    _plant(tmp_path, "proj/deep/er/x.env", 321)
    report = scan_folder(tmp_path / "proj")
    assert _paths(report) == ["deep/er/x.env"]


def test_file_name_with_spaces_and_unicode(tmp_path):
    _plant(tmp_path, "my dir/réglages\tv2.env", 322)
    report = scan_folder(tmp_path)
    assert _paths(report) == ["my dir/réglages\tv2.env"]


def test_scan_never_changes_files(tmp_path):
    path = _plant(tmp_path, "a.env", 323)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    scan_folder(tmp_path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_link_to_folder_given_as_path_is_walked(tmp_path):
    """Otherwise `files LINK` would report a clean scan of zero files."""
    _plant(tmp_path, "real/app.env", 324)
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    report = scan_folder(tmp_path, "link")
    assert _paths(report) == ["app.env"]
    assert report.stats.documents_scanned == 1


def test_links_inside_linked_folder_not_followed(tmp_path):
    outside = _plant(tmp_path, "outside.env", 325)
    _plant(tmp_path, "real/app.env", 326)
    (tmp_path / "real" / "inner.env").symlink_to(outside)
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    report = scan_folder(tmp_path, "link")
    assert _paths(report) == ["app.env"]
    assert report.stats.extra["symlinks_skipped"] == 1
