"""Order service."""
from shop.notifications.mail import send_receipt


def place_order(email, sku):
    order_id = 1000
    notify_customer(email, order_id)
    return order_id


def notify_customer(email, order_id):
    send_receipt(email, order_id)
