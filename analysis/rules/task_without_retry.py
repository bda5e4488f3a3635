"""## What it does
Flags a task that reaches an external side effect (email, HTTP, SMS, push…) with no retry policy:
Celery without `autoretry_for` or `self.retry`, RQ `@job` without `retry=Retry(...)`, Huey without
`retries=`, Taskiq without `retry_on_error`, Dramatiq with `max_retries=0`.

## Why is this bad?
The provider times out once and the job is gone: no second attempt, no dead-letter queue to look
at. The email is silently never sent.

## Example
```python
@shared_task
def send_receipt(order_id): ...
```

Use instead:
```python
@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_receipt(order_id): ...
```

## Fix safety
Unsafe: a retried job runs its side effect again; make it idempotent (OFP207).
"""

from ..model import Rule

RULE = Rule(
    code="OFP206",
    name="task-without-retry",
    category="task",
    summary="task with a side effect and no retry policy",
    message=("task `{task}` reaches `{sink}` ({category}) with no {backend} retry policy:"
             " one failure loses the job — add retries with back-off{dead_letter}"),
    fix="retry_policy",
    doc=__doc__,
    about_tasks=True,
)


def message(*, task: str, sink: str, category: str, backend: str) -> str:
    return RULE.format(task=task, sink=sink, category=category, backend=backend,
                       dead_letter=" and a dead-letter path")
