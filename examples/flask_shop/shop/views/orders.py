"""OrderView (MethodView): GET reads, DELETE cancels and refunds through self.refunds (3 calls deep)."""
from datetime import timedelta

from flask.views import MethodView

from ..extensions import queue
from ..jobs import send_feedback_request
from ..models import ORDERS
from ..services.orders import RefundService
from ..services.payments import PaymentGateway


class OrderView(MethodView):
    def __init__(self):
        self.refunds = RefundService(gateway=PaymentGateway())

    def get(self, order_id):
        order = ORDERS[order_id]
        return {"id": order.id, "status": order.status, "total": str(order.total)}  # ok

    def delete(self, order_id):
        order = self.refunds.refund(order_id)  # OFP102
        queue.enqueue_in(timedelta(days=1), send_feedback_request, order_id)  # ok
        return {"id": order.id, "status": order.status}
