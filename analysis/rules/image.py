"""## What it does
Flags a request handler that processes an image synchronously, directly or through any number of calls.

## Why is this bad?
Decoding, resizing and re-encoding images takes 0.2–5 s of CPU per image and large amounts of memory in a web worker.

## Example
```python
def checkout(request):
    order = place_order(request)
    Image.open(upload).thumbnail((256, 256))
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    make_thumbnails.delay(photo.pk)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP104",
    name="sync-image",
    category="image",
    summary="processes an image on the request path",
    message=("{actor} processes an image via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
