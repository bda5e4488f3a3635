"""## What it does
Flags a request handler that runs a subprocess synchronously, directly or through any number of calls.

## Why is this bad?
Starting a process costs 10–100 ms before it does anything, and the command itself may run for minutes.

## Example
```python
def checkout(request):
    order = place_order(request)
    subprocess.run(["convert", src, dst])
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    convert_file.delay(upload.pk)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP112",
    name="sync-subprocess",
    category="subprocess",
    summary="runs a subprocess on the request path",
    message=("{actor} runs a subprocess via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
