"""Allow ``python -m scanner``."""
from __future__ import annotations

from scanner.cli.main import main

if __name__ == "__main__":
    main()
