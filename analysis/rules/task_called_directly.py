"""## What it does
Flags a Celery, Dramatiq, Huey or `django.tasks` task that is called like a plain function on a
request path.

## Why is this bad?
Calling the task function runs its body inline, in the request, with none of the queue's retries:
usually a slip for `.delay(...)`.

## Example
```python
def checkout(request):
    send_receipt(order.pk)
```

Use instead:
```python
def checkout(request):
    send_receipt.delay(order.pk)
```

## Fix safety
Unsafe: the work moves to the queue and runs after the response.
"""

from ..model import Rule

RULE = Rule(
    code="OFP201",
    name="task-called-directly",
    category="queue",
    summary="task called directly runs inline",
    message=("task `{task}` is called directly, so it runs inline while the user waits for {entry}"
             " — dispatch it with the {backend} queue instead"),
    fix="queue",  # dispatched instead of called (the queue family sees the inline task call)
    doc=__doc__,
)


def message(*, task: str, entry: str, backend: str) -> str:
    """`task`: the task's display name; `entry`: the endpoint's label; `backend`: the task's queue."""
    return RULE.format(task=task, entry=entry, backend=backend)
