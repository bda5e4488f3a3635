"""## What it does
Flags a request handler that sends a push notification synchronously, directly or through any number of calls.

## Why is this bad?
Push gateways (FCM, APNs, Web Push) add 0.2–2 s per call and fail independently of your app.

## Example
```python
def checkout(request):
    order = place_order(request)
    messaging.send(message)
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    send_push.delay(user.pk, text)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP106",
    name="sync-push",
    category="push",
    summary="sends a push notification on the request path",
    message=("{actor} sends a push notification via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
