"""Negative: `itertools.groupby(key=)`, `takewhile` and `heapq.nlargest(key=)` call their functions;
`heapq.heappush` only stores the function it is given."""
import heapq
import itertools


def first_letter(word):
    return word[0]


def short(word):
    return len(word) < 4


def size(word):
    return len(word)


def later():
    pass


words = ["ab", "ac", "bcd", "long"]
groups = [list(g) for _, g in itertools.groupby(words, key=first_letter)]
prefix = list(itertools.takewhile(short, words))
top = heapq.nlargest(2, words, key=size)
heap = []
heapq.heappush(heap, (1, later))
