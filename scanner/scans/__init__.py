"""Scan modes: each turns its input into Documents, runs the detector and builds a ScanReport."""
from __future__ import annotations
