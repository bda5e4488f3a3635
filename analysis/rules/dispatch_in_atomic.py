"""## What it does
Flags a task dispatched inside `transaction.atomic()` (or an `@transaction.atomic` function)
without `transaction.on_commit`.

## Why is this bad?
The worker can pick the task up before the transaction commits and read a row that does not exist
yet, or act on a change that is later rolled back.

## Example
```python
with transaction.atomic():
    order = Order.objects.create(...)
    send_receipt.delay(order.pk)
```

Use instead:
```python
with transaction.atomic():
    order = Order.objects.create(...)
    transaction.on_commit(lambda: send_receipt.delay(order.pk))
```

## Fix safety
Safe: the task is sent once the data it reads is committed.
"""

from ..model import Rule


def message(*, task: str) -> str:
    """`task`: the task's display name."""
    return RULE.format(task=task)


def check(job) -> str | None:
    """A dispatch (`callgraph.Dispatch`) inside `atomic()` that nothing defers to the commit."""
    return message(task=job.label) if job.atomic and not job.on_commit else None


RULE = Rule(
    code="OFP203",
    name="dispatch-in-atomic",
    category="queue",
    summary="task dispatched inside a transaction without on_commit",
    message=("`{task}` is dispatched inside `transaction.atomic()`: the worker may run before the commit"
             " — wrap it in `transaction.on_commit(...)`"),
    fix="on_commit",
    doc=__doc__,
    check_dispatch=check,
)
