"""## What it does
Flags a request handler that processes video synchronously, directly or through any number of calls.

## Why is this bad?
Transcoding or probing video takes seconds to minutes; no HTTP request should wait for it.

## Example
```python
def checkout(request):
    order = place_order(request)
    ffmpeg.input(src).output(dst).run()
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    transcode.delay(video.pk)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP105",
    name="sync-video",
    category="video",
    summary="processes video on the request path",
    message=("{actor} processes video via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
