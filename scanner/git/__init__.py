"""The git adapter: the only place that runs git or imports GitPython."""
from __future__ import annotations
