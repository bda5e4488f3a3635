"""## What it does
Flags a task that retries and sends email, SMS or push, charges, or POSTs a webhook without an
idempotency key: nothing checks one (a processed-ids table, Redis `SET NX`, `cache.add`) and none is
passed to the API (`Idempotency-Key` header, Stripe `idempotency_key=`).

## Why is this bad?
A retry after a timeout runs the side effect again although the first attempt may have gone
through: the customer gets two emails or is charged twice.

## Example
```python
@shared_task(autoretry_for=(Exception,), max_retries=5)
def send_receipt(order_id):
    send_mail(...)
```

Use instead:
```python
@shared_task(autoretry_for=(Exception,), max_retries=5)
def send_receipt(order_id):
    if not cache.add(f"send_receipt:{order_id}", 1, timeout=86400):
        return  # done by an earlier attempt
    send_mail(...)
```

## Fix safety
Unsafe: a key set before a failing side effect makes the retry skip it; choose where to set it.
"""

from ..model import Rule

# Side effects a second run repeats for the user (categories; HTTP only for writes).
REPEATED = frozenset({"email", "sms", "push", "chat"})
WRITES = frozenset({"post", "put", "patch", "create", "send", "request", "charge", "capture", "publish"})

RULE = Rule(
    code="OFP207",
    name="retried-without-idempotency",
    category="task",
    summary="retried task repeats a side effect with no idempotency key",
    message=("task `{task}` retries and reaches `{sink}` ({category}) with no idempotency key:"
             " a retry repeats it — guard it with a key such as f\"{task}:{{{arg}}}\" set atomically (SET NX / cache.add)"),
    fix="idempotency_key",
    doc=__doc__,
    about_tasks=True,
)


def repeats(category: str, api: str) -> bool:
    """Whether running the sink twice is visible to someone (a second email, a second charge)."""
    return category in REPEATED or (category == "http" and api.rsplit(".", 1)[-1] in WRITES)


def message(*, task: str, sink: str, category: str, arg: str) -> str:
    return RULE.format(task=task, sink=sink, category=category, arg=arg or "id")
