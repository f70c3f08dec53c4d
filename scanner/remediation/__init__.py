"""What to do about found tokens: the revocation report, ``revoke`` and ``purge-plan``."""
from __future__ import annotations
