"""Invoice PDFs rendered with WeasyPrint."""
from django.template.loader import render_to_string
from weasyprint import HTML

from ..models import Order


def _html_for(order: Order) -> str:
    return render_to_string("invoices/invoice.html", {"order": order, "items": order.items.all()})


def render_invoice(order: Order) -> bytes:
    return HTML(string=_html_for(order)).write_pdf()
