"""## What it does
Flags a slow call (HTTP, a PDF or image render, a subprocess, a download) whose result the response
needs: its value reaches what the handler returns, renders, keeps in the session or on `self`,
raises or branches on to answer, at every call between the handler and the slow call (a result that
is only logged, dropped, or saved on a row the handler never answers with is work to queue: OFP1xx); or its failure decides the answer (it stands in a `try`
whose `except` returns a response or raises an error of its own, like `except Timeout: return
JsonResponse(..., status=504)`), also from helpers below it that drop the call's value but let its
error go on up (`connector.test_connection()` inside `try: ... except ConnectionError: return
{"status": "failed"}`). A helper that only logs the error, or wraps every failure in its own
(`except Exception: raise CreateError(...)`) for a caller that drops it, ends that flow; an `except`
that names only data errors (`IntegrityError`, `KeyError`) answers no slow call's failure. A delivery
(an email, a chat message) is the response when the answer reports its outcome: a test email whose
"sent" flag or error text is the body, a transport error shown as the flash message. The sleeps of
a loop that polls for the answer (`while not job.is_finished: sleep(1)`) are its wait too.

## Why is this bad?
The user waits for it, like any slow call on the request path, but moving it to a queue would break
the endpoint: the token exchange, the proxied request or the PDF the user downloads *is* the
response. A slow or unreachable upstream turns into a hanging page or a worker tied up until the
server's timeout.

## Example
```python
def order_invoice(request, pk):
    order = get_object_or_404(Order, pk=pk)
    pdf = render_invoice(order)  # 1–10 s
    return HttpResponse(pdf, content_type="application/pdf")
```

Use instead: start a job, answer `202 Accepted` with a status URL the client polls (or stream its
progress with server-sent events, or call a webhook when it is done); cache results that many
requests share; and always bound the wait with a timeout.
```python
def order_invoice(request, pk):
    job = render_invoice_job.delay(pk)
    return JsonResponse({"status_url": reverse("job-status", args=[job.id])}, status=202)

def job_status(request, job_id):
    result = AsyncResult(job_id)
    return JsonResponse({"state": result.state, "ready": result.ready()})
```

## Fix safety
Unsafe: the endpoint's contract changes (202 and a status URL instead of the result), so its
clients must be changed to poll for it. Where the framework allows it (a handler of Django (a
function or a class-based view), DRF (an `APIView` or a viewset action), Flask or FastAPI whose
call sits in its own body) and the project's queue can report a job's state (Celery `AsyncResult`,
RQ `Job.fetch`, django.tasks `get_result`), the fix makes the call a task that returns its value,
enqueues it in the handler, answers 202 with the job's id and status URL, and adds the status
endpoint next to the handler, registered with the handler's `path()` in the URLconf, with its
router decorator, or as one more action of the viewset. A FastAPI route in a project with no
queue runs the call in `BackgroundTasks` after the response and keeps its outcome in a job store
the status endpoint reads (a dict of the process: keep it in Redis or the database when several
worker processes serve the app). The statements that used the result are removed: serve the
finished result from the status endpoint (or where the job stores it).
"""

import re

from ..model import Rule

# A delivery's return value is a receipt: a call of these categories is never the response, so
# it stays a side effect (OFP1xx) even when its value is kept.
DELIVERIES = frozenset({"email", "sms", "push", "analytics", "search_index", "chat", "sleep"})

RULE = Rule(
    code="OFP301",
    name="slow-result-on-path",
    category="result",
    summary="the response waits on a slow call's result",
    message=("{actor} waits on `{sink}` ({category}, ~{cost}) {depth} and {entry} needs its result"
             " — return 202 with a job and a status URL (or SSE), cache it, and set a timeout"),
    fix="job",  # a job, 202 and a status endpoint (`rewrites/jobs.py`)
    doc=__doc__,
)

HOP_MESSAGE = ("`{sink}` ({category}, ~{cost}) runs {where} and its result is the response of `{handler}` ({entry})"
               " — make it a job the client polls, cache it, or bound it with a timeout")


# A delivery service's reads (a chat API's channel list, its OAuth code exchange) answer with data:
# the last name of the API says so (`conversations_list`, `users_info`, `oauth_v2_access`).
READ_NAME = re.compile(r"(^|_)(list|info|history|replies|access|lookup[A-Za-z]*|search[A-Za-z]*)$|^(get|list|search|retrieve|fetch)(_|$)")


# A call named for a write (`revoke_token`, `update_channel`, `sendMessage`): a token call in a
# chain that writes is work to queue, not an exchange. A first word that makes the call a read or
# a check whatever follows (`get_or_create`, `check_and_update`) keeps it a read.
WRITE_WORDS = frozenset({
    "create", "update", "delete", "remove", "add", "set", "send", "post", "put", "patch", "upload", "save",
    "store", "insert", "enable", "enabled", "disable", "disabled", "apply", "push", "publish", "notify",
    "join", "sync", "register", "revoke", "deactivate", "cancel", "attach", "detach", "archive", "submit",
    "invite", "subscribe", "unsubscribe", "trigger", "change", "edit", "modify", "rename", "move", "write",
    "disconnect", "disconnected", "assign", "unassign", "import", "export", "index", "reindex",
})
READ_WORDS = frozenset({"get", "fetch", "list", "retrieve", "load", "read", "check", "verify", "validate", "test",
                        "is", "has", "find", "search", "lookup", "query", "download", "exists", "preview"})


def _words(name: str) -> list[str]:
    """`update_kind` -> update, kind; `sendMessage` -> send, message (the last dotted name)."""
    last = name.rsplit(".", 1)[-1]
    return [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", last)]


def _names_a_write(name: str) -> bool:
    words = _words(name)
    return bool(words) and words[0] not in READ_WORDS and any(word in WRITE_WORDS for word in words)


# A credential exchange, by the names OAuth clients give it: `fetch_token`, `refresh_token`,
# `acquire_token_by_authorization_code` (requests-oauthlib, authlib, msal), `get_access_token`,
# `authorize_access_token`, `exchange_code_for_token`, `get_bot_token`, Slack's `oauth_v2_access`;
# or by the URL it posts to (`…/oauth/token`, `…/oauth2/v2.0/token`, `…/login/oauth/access_token`).
_TOKEN_NAME = re.compile(
    r"(^|_)(access|bot|id|refresh|auth|oauth|bearer)_tokens?($|_)"
    r"|(^|_)(fetch|get|obtain|acquire|exchange|request|refresh|issue)_tokens?($|_)"
    r"|(^|_)exchange_(code|for)|token_exchange|^oauth\w*_(access|token)$",
    re.IGNORECASE)
_TOKEN_URL = re.compile(r"/oauth2?(/|$)|/(access_)?token($|[/?])", re.IGNORECASE)
_REVOKE_URL = re.compile(r"revoke|logout|introspect", re.IGNORECASE)


def exchanges_credential(callees: list[str], api: str, endpoint: str = "") -> bool:
    """Whether the slow call trades a code or a refresh token for a credential: a call in the chain
    (`callees`, qualified names) or the slow call (`api`) is named for it, or the URL it is given
    (`endpoint`) is a token endpoint. A revocation (`revoke_token`) is a write, not an exchange."""
    calls = [name.rsplit(".", 1)[-1] for name in callees if name]
    if any(_names_a_write(name) for name in calls):
        return False
    return (any(_TOKEN_NAME.search(name) for name in (*calls, api.rsplit(".", 1)[-1]))
            or bool(endpoint and _TOKEN_URL.search(endpoint) and not _REVOKE_URL.search(endpoint)))


def may_be_result(category: str, api: str = "") -> bool:
    """Whether a sink of `category` (the API `api`) can produce a value a response is made of."""
    return category not in DELIVERIES or bool(api and READ_NAME.search(api.rsplit(".", 1)[-1]))


# What a delivery hands back says whether it went out: its receipt (`{"sent": n}`, a failed
# status) or its failure (an `except` that answers with the error) reaching the response reports
# the delivery to the user, like a test email's "delivered" or "could not send: …". A queue would
# lose that answer. A sleep has no outcome to report.
REPORTED_DELIVERIES = DELIVERIES - {"sleep"}


def reports_outcome(category: str) -> bool:
    """Whether the response can report the outcome of a sink of `category` (a delivery's)."""
    return category in REPORTED_DELIVERIES


def waits_for_result(category: str) -> bool:
    """A sleep whose call is needed waits in a loop that polls for the answer (`while not
    job.is_finished: sleep(1)`, `call_use` makes only those needed): the wait is the response's."""
    return category == "sleep"


def message(*, handler: str, callee: str, depth: int, sink: str, category: str, cost: str, entry: str) -> str:
    """The finding on the handler's call: by the handler itself (depth 0), else by `callee`, its first call."""
    actor = f"`{handler}`" if depth == 0 else f"`{callee}()`"
    how = "directly" if depth == 0 else ("1 call deep" if depth == 1 else f"{depth} calls deep")
    return RULE.format(actor=actor, sink=sink, category=category, depth=how, cost=cost, entry=entry)


def hop_message(*, sink: str, category: str, cost: str, remaining: int, handler: str, entry: str) -> str:
    """The copy on a deeper call of the chain, `remaining` calls above the slow one."""
    where = "here" if remaining == 0 else ("1 call deeper" if remaining == 1 else f"{remaining} calls deeper")
    return HOP_MESSAGE.format(sink=sink, category=category, cost=cost, where=where, handler=handler, entry=entry)
