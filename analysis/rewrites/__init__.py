"""Rewrites: turn a Finding into verified Fixes (queue dispatch per backend, suppression comment).

`fixes_for(project, finding)` is the one entry point the CLI and the server use.
"""

from __future__ import annotations

from .api import fan_out_fix, fixes_for, move_all_fixes, suppression_fix

__all__ = ["fan_out_fix", "fixes_for", "move_all_fixes", "suppression_fix"]
