"""What a delivered order sets off: the customer's receipt and the warehouse's webhook."""
import requests
from flask_mail import Message

from ..extensions import mail


def email_delivery_receipt(order_id, email):
    mail.send(Message("Delivered", recipients=[email], body=f"Order #{order_id} was delivered."))


def notify_warehouse(order_id):
    requests.post("https://warehouse.example.com/delivered", json={"order": order_id}, timeout=5)
