"""The command line (click only); commands import their implementation lazily."""
from __future__ import annotations
