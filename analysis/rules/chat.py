"""## What it does
Flags a request handler that posts to a chat service synchronously, directly or through any number of calls.

## Why is this bad?
Slack/Discord/Teams posts take 0.3–2 s and are rate-limited; the user does not need them to finish.

## Example
```python
def checkout(request):
    order = place_order(request)
    client.chat_postMessage(channel="#sales", text=text)
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    announce_sale.delay(order.pk)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP110",
    name="sync-chat",
    category="chat",
    summary="posts to a chat service on the request path",
    message=("{actor} posts to a chat service via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
