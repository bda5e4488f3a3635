"""Bulk work without the cyclic garbage collector.

Loading a workspace allocates millions of small records (summaries, facts) and almost no cycles;
each automatic collection of the oldest generation walks every live object, so a cold check of a
3,000-file tree spent about half its time in the collector. `paused()` turns it off for such a
block (like mypy's build) and, when `freeze`, moves what survived to the permanent generation, so
the collections an editor's later edits trigger do not walk the long-lived index again.

Without `freeze`, what the block allocated is handed to the oldest generation when it ends. Left
in the youngest, the first allocation after the block ran a collection of all of it (0.5 s after a
load of Django's 885 files, 5 % of the load), then the middle generation's walked it again: the
oldest generation is where records that live as long as the index belong, and its collections
(rare, and never during the CLI's check, see cli/main.py) still find any cycle among them.
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
            elif gc.get_freeze_count() == 0:  # a process that froze its index keeps it frozen
                gc.freeze()  # every generation, without walking it…
                gc.unfreeze()  # …into the oldest one
            gc.enable()


def settle() -> None:
    """After the bulk load of a long-lived process (the language server's index): collect the
    load's cyclic garbage once, then move what survived to the permanent generation, so the
    collections later edits trigger never walk the index again (an edit's p95 was the oldest
    generation's collection, not the analysis)."""
    gc.collect()
    gc.freeze()
