"""Order placement and refunds."""
import itertools

from ..extensions import queue
from ..jobs import send_confirmation
from ..models import ORDERS, Cart, Order
from .payments import PaymentGateway

_ids = itertools.count(1000)


def place_order(cart: Cart, email: str, token: str) -> Order:
    gateway = PaymentGateway()
    charge_id = gateway.charge(cart.total(), token)
    order = Order(id=next(_ids), email=email, total=cart.total(), charge_id=charge_id)
    ORDERS[order.id] = order
    queue.enqueue(send_confirmation, order.id)
    return order


class RefundService:
    def __init__(self, gateway: PaymentGateway):
        self.gateway = gateway

    def refund(self, order_id):
        order = ORDERS[order_id]
        self.gateway.refund(order.charge_id)
        order.status = "refunded"
        return order
