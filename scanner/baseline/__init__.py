"""Baselines and ignore files: suppress known findings by keyed hash, never by token."""
from __future__ import annotations
