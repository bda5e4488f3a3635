"""## What it does
Flags a request handler that updates a search index synchronously, directly or through any number of calls.

## Why is this bad?
Indexing in Elasticsearch/Algolia/Meilisearch takes 0.1–2 s and fails when the cluster is busy; the write can be retried from a queue.

## Example
```python
def checkout(request):
    order = place_order(request)
    es.index(index="products", id=p.pk, document=doc)
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    index_product.delay(p.pk)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP109",
    name="sync-search-index",
    category="search_index",
    summary="updates a search index on the request path",
    message=("{actor} updates a search index via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
