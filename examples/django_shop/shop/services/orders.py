"""Order placement. place_order -> self.payments.charge -> session.post; order.save() -> Order.save -> index_order, and the post_save receiver."""
from decimal import Decimal

from django.db import transaction

from ..models import Customer, Order, OrderItem, Product
from .payments import PaymentClient


class Cart:
    def __init__(self, lines):
        self.lines = lines

    def total(self):
        return sum((Decimal(line["price"]) * line["qty"] for line in self.lines), Decimal("0"))


class OrderService:
    def __init__(self):
        self.payments = PaymentClient()

    def place_order(self, customer: Customer, cart: Cart, token: str) -> Order:
        charge_id = self.payments.charge(cart.total(), token, description=f"Order for {customer.email}")
        with transaction.atomic():
            order = Order(customer=customer, total=cart.total(), status="paid", charge_id=charge_id)
            order.save()
            for line in cart.lines:
                product = Product.objects.get(sku=line["sku"])
                OrderItem.objects.create(order=order, product=product, quantity=line["qty"], unit_price=product.price)
        return order
