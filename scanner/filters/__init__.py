"""Filters: yes/no predicates that judge a candidate the rule engine proposed."""
from __future__ import annotations
