"""## What it does
Flags a request handler that sends an SMS synchronously, directly or through any number of calls.

## Why is this bad?
SMS providers take 0.5–3 s per message and rate-limit; the user waits and retries on failure are lost.

## Example
```python
def checkout(request):
    order = place_order(request)
    client.messages.create(to=phone, body=text)
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    send_sms.delay(user.pk, text)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP107",
    name="sync-sms",
    category="sms",
    summary="sends an SMS on the request path",
    message=("{actor} sends an SMS via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
