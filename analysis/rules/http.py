"""## What it does
Flags a request handler that calls an external HTTP API synchronously, directly or through any number of calls.

## Why is this bad?
An outbound request (webhook, payment provider, CRM) takes 0.1–30 s and inherits the other side's outages and timeouts. Work the response does not need should not hold the request open.

## Example
```python
def checkout(request):
    order = place_order(request)
    requests.post(settings.WEBHOOK_URL, json=payload)
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    notify_webhook.delay(order.pk)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP102",
    name="sync-http",
    category="http",
    summary="calls an external HTTP API on the request path",
    message=("{actor} calls an external HTTP API via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
