"""Celery tasks (run by workers, never on the request path)."""
from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .celery import app
from .models import Order
from .services.payments import PaymentClient


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True)  # OFP207
def send_order_confirmation(order_id):
    order = Order.objects.select_related("customer").get(pk=order_id)
    html = render_to_string("emails/order_confirmation.html", {"order": order})
    msg = EmailMultiAlternatives(f"Order #{order.pk} confirmed", "Thanks!", to=[order.customer.email])
    msg.attach_alternative(html, "text/html")
    msg.send()


@app.task  # OFP206
def refund_payment(order_id):
    order = Order.objects.get(pk=order_id)
    PaymentClient().refund(order.charge_id)


@shared_task  # OFP206
def notify_back_in_stock(product_id):
    from .notifications.email import send_back_in_stock

    send_back_in_stock(product_id)
