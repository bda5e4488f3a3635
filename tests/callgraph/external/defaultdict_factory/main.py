"""`defaultdict(factory)` calls the factory on a missing key."""
from collections import defaultdict


def empty():
    return []


groups = defaultdict(empty)
groups["k"].append(1)
