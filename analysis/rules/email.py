"""## What it does
Flags a request handler that sends email synchronously, directly or through any number of calls.

## Why is this bad?
SMTP and email APIs take 0.5–3 s per message, and a slow or unreachable mail server turns into a slow or failing page. The user waits for a message they will read minutes later.

## Example
```python
def checkout(request):
    order = place_order(request)
    send_mail("Your order", body, None, [order.email])
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    send_order_email.delay(order.pk)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP101",
    name="sync-email",
    category="email",
    summary="sends email on the request path",
    message=("{actor} sends email via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
