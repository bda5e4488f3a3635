"""## What it does
Flags work started in a thread, an executor or an `asyncio` task from a request handler.

## Why is this bad?
It does not make the user wait, but it is lost when the worker restarts or is recycled, has no
retries, and competes with requests for the same process.

## Example
```python
threading.Thread(target=send_receipt, args=(order.pk,)).start()
```

Use instead:
```python
send_receipt.delay(order.pk)
```

## Fix safety
Unsafe: the work moves to a durable queue and needs a worker running.
"""

from ..model import Rule

RULE = Rule(
    code="OFP204",
    name="fire-and-forget",
    category="detached",
    summary="fire-and-forget work lost on restart",
    message=("`{api}` starts fire-and-forget work on the request path of {entry}:"
             " it is lost if the worker restarts — use a durable queue"),
    fix="queue",  # the detached work becomes a task
    doc=__doc__,
)


def message(*, api: str, entry: str) -> str:
    """`api`: the thread or executor call that starts the work; `entry`: the endpoint's label."""
    return RULE.format(api=api, entry=entry)
