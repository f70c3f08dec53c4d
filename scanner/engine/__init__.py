"""The rule engine: prefilter, candidate matching and the detector that ties them to filters."""
from __future__ import annotations
