"""## What it does
Flags a request handler that renders a PDF synchronously, directly or through any number of calls.

## Why is this bad?
PDF rendering (WeasyPrint, ReportLab, wkhtmltopdf) takes seconds of CPU and memory per document; doing it in the request makes the page slow and exhausts web workers.

## Example
```python
def checkout(request):
    order = place_order(request)
    HTML(string=html).write_pdf(path)
```

Use instead:
```python
def checkout(request):
    order = place_order(request)
    render_invoice.delay(order.pk)
```

## Fix safety
Unsafe: the work leaves the request, so its failures go to the queue's retries instead of the
user's response, and it may run after the response is sent.
"""

from ..model import Rule

RULE = Rule(
    code="OFP103",
    name="sync-pdf",
    category="pdf",
    summary="renders a PDF on the request path",
    message=("{actor} renders a PDF via `{sink}` {depth} (~{cost}) while the user waits for {entry}"
             " — move it to a queue"),
    fix="queue",
    doc=__doc__,
)
