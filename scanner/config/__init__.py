"""User configuration: where it is found, what it may say, and the resulting Settings."""
from __future__ import annotations

from scanner.config.settings import Settings

__all__ = ["Settings"]
