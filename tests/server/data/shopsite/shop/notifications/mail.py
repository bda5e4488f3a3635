"""Thin wrapper over Django's send_mail."""
from django.core.mail import send_mail


def send_receipt(email, order_id):
    send_mail("Your order", f"Order {order_id}", "shop@example.com", [email])
