"""`Optional[Cache]` with a `None` default: the method runs when a cache is given."""
from typing import Optional


class Cache:
    def clear(self):
        pass


def reset(cache: Optional[Cache] = None):
    if cache is not None:
        cache.clear()


reset()
reset(Cache())
