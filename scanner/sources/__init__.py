"""Sources: produce the text to scan (files, stdin, and git objects)."""
from __future__ import annotations
