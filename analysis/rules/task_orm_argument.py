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

from ..model import Rule

RULE = Rule(
    code="OFP202",
    name="task-orm-argument",
    category="queue",
    summary="task given an ORM object instead of its id",
    doc=__doc__,
)
