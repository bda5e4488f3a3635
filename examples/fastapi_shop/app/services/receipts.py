"""Receipt PDFs with ReportLab."""
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


class ReceiptRenderer:
    def render(self, order_id: int) -> bytes:
        buf = io.BytesIO()
        self._draw(buf, order_id)
        return buf.getvalue()

    def _draw(self, buf, order_id):
        c = canvas.Canvas(buf, pagesize=A4)
        c.setFont("Helvetica-Bold", 18)
        c.drawString(72, 770, f"Receipt for order #{order_id}")
        c.save()
