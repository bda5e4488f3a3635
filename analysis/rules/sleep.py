"""## What it does
Flags a request handler that sleeps synchronously, directly or through any number of calls.

## Why is this bad?
`time.sleep` in a request blocks a worker for the whole duration; retries and polling belong in a queue.

## Example
```python
def checkout(request):
    order = place_order(request)
    time.sleep(2)
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    poll_status.apply_async(countdown=2)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP111",
    name="sync-sleep",
    category="sleep",
    summary="sleeps on the request path",
    message=("{actor} sleeps via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
