"""## What it does
Flags a request handler that sends analytics synchronously, directly or through any number of calls.

## Why is this bad?
Analytics calls are never needed for the response, yet each one adds a network round trip to the user's wait.

## Example
```python
def checkout(request):
    order = place_order(request)
    analytics.track(user.id, "Order Placed")
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    track_event.delay(user.pk, "Order Placed")
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP108",
    name="sync-analytics",
    category="analytics",
    summary="sends analytics on the request path",
    message=("{actor} sends analytics via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
