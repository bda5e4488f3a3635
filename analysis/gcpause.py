"""Bulk work without the cyclic garbage collector.

Loading a workspace allocates millions of small records (summaries, facts) and almost no cycles;
each automatic collection of the oldest generation walks every live object, so a cold check of a
3,000-file tree spent about half its time in the collector. `paused()` turns it off for such a
block (like mypy's build) and, when `freeze`, moves what survived to the permanent generation, so
the collections an editor's later edits trigger do not walk the long-lived index again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(freeze: bool = False) -> Iterator[None]:
    """No automatic collection inside the block (nested blocks keep it off until the outer ends)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()


def settle() -> None:
    """After the bulk load of a long-lived process (the language server's index): collect the
    load's cyclic garbage once, then move what survived to the permanent generation, so the
    collections later edits trigger never walk the index again (an edit's p95 was the oldest
    generation's collection, not the analysis)."""
    gc.collect()
    gc.freeze()
