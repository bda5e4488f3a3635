"""Exit codes and the usage error every command shares (ruff's: 0 clean, 1 findings, 2 usage)."""

from __future__ import annotations

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake on the command line or in the configuration: printed, then exit 2."""
