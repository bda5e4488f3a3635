"""## What it does
Flags a project that dispatches to a queue backend while nothing in it starts a worker for that
backend: no `Procfile`, `docker-compose*.yml`/`compose.yaml` service, supervisor or systemd unit,
Kubernetes manifest, `fly.toml`, `render.yaml` or `app.json` runs `celery … worker`, `rq worker`,
`dramatiq`, `huey_consumer`, `arq`, `taskiq worker`, `manage.py rqworker`/`run_huey`/`db_worker`/`qcluster`.
Reported once per backend, on its first dispatch. Also flags a setting that makes every dispatch run
inline (`CELERY_TASK_ALWAYS_EAGER = True`, django.tasks' `ImmediateBackend`, Huey `immediate=True`,
django-rq `"ASYNC": False`) in settings that are not a test's.

## Why is this bad?
With no worker the jobs sit in the broker and never run: emails are never sent and nobody notices
until a user asks. With eager settings in production every "queued" job runs in the request, and
moving the work off the path bought nothing.

## Example
```
# Procfile
web: gunicorn shop.wsgi
```

Use instead:
```
# Procfile
web: gunicorn shop.wsgi
worker: celery -A shop worker --loglevel=info
```

## Fix safety
No automatic fix: how a worker is deployed is the project's choice.
"""

from ..model import Rule

SEARCHED = ("Procfile, docker-compose*.yml, compose.yaml, supervisor and systemd configs, Kubernetes manifests, "
            "fly.toml, render.yaml, app.json, Dockerfile")

RULE = Rule(
    code="OFP205",
    name="no-worker",
    category="worker",
    summary="tasks dispatched but no worker runs them",
    message="{detail}",
    doc=__doc__,
    about_tasks=True,
)


def missing(*, backend: str, commands: str) -> str:
    """The first dispatch of a backend no deployment file starts a worker for."""
    return RULE.format(detail=(f"{backend} jobs are dispatched here but nothing in the project starts a worker for them"
                               f" (searched {SEARCHED} for {commands}): the jobs would wait in the queue and never run"))


def eager(*, setting: str, backend: str) -> str:
    """A setting that runs every dispatch inline."""
    return RULE.format(detail=(f"`{setting}` makes every {backend} dispatch run inline, in the request"
                               " — keep it to test settings"))
