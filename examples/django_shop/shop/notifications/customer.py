"""CustomerNotifier: order_cancelled -> _text -> self.sms.send -> Twilio."""
from ..models import Order
from .sms import SmsSender


class CustomerNotifier:
    def __init__(self):
        self.sms = SmsSender()

    def order_cancelled(self, order: Order):
        if order.customer.phone:
            self._text(order.customer.phone, f"Order #{order.pk} was cancelled. A refund is on its way.")

    def _text(self, phone, body):
        self.sms.send(phone, body)
