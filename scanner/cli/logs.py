"""Logging set-up for the command line: quiet by default, -v for info, --debug for debug."""
from __future__ import annotations

import logging
import platform
import sys


def setup_logging(verbose: bool, debug: bool) -> None:
    """Send the ``scanner`` loggers to stderr at the level the flags ask for."""
    level = logging.WARNING
    if verbose:
        level = logging.INFO
    if debug:
        level = logging.DEBUG
    logger = logging.getLogger("scanner")
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("viafoundry-scan: %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    if debug:
        _log_versions(logger)


def _log_versions(logger: logging.Logger) -> None:
    from importlib import metadata

    from scanner import __version__

    versions = []
    for package in ("click", "regex", "gitpython"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} not installed")
    logger.debug("viafoundry-scan %s, Python %s, %s", __version__, platform.python_version(), ", ".join(versions))
