"""## What it does
Flags a task dispatch that passes an ORM object (a Django model instance) instead of its id.

## Why is this bad?
The object is pickled or serialised as it was when the request ran: the worker sees stale data,
JSON serialisers reject it, and large objects bloat the broker. Pass the primary key and load
the row in the task.

## Example
```python
send_receipt.delay(order)
```

Use instead:
```python
send_receipt.delay(order.pk)
```

## Fix safety
Unsafe: the task must re-fetch the object by id.
"""

from collections.abc import Iterable

from ..model import Rule


def message(*, task: str, models: Iterable[str]) -> str:
    """`task`: the task's display name; `models`: the dotted names of the ORM classes passed."""
    return RULE.format(task=task, models=", ".join(f"`{m.rsplit('.', 1)[-1]}`" for m in models))


def check(job) -> str | None:
    """A dispatch (`callgraph.Dispatch`) that passes ORM objects."""
    return message(task=job.label, models=job.orm_args) if job.orm_args else None


RULE = Rule(
    code="OFP202",
    name="task-orm-argument",
    category="queue",
    summary="task given an ORM object instead of its id",
    message=("`{task}` is given a {models} object: pass its id and load it in the task"
             " (the worker would see stale data or fail to serialise it)"),
    fix="ids",
    doc=__doc__,
    check_dispatch=check,
)
