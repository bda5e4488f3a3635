"""Payment provider client (requests.Session kept on self)."""
import requests
from django.conf import settings


class PaymentError(Exception):
    pass


class PaymentClient:
    def __init__(self, api_key=None):
        self.session = requests.Session()
        self.session.auth = (api_key or settings.PAYMENTS_KEY, "")

    def charge(self, amount, token, description=""):
        resp = self.session.post(f"{settings.PAYMENTS_API}/charges", data={"amount": int(amount * 100), "source": token, "description": description}, timeout=10)
        if resp.status_code != 200:
            raise PaymentError(resp.text)
        return resp.json()["id"]

    def refund(self, charge_id):
        self.session.post(f"{settings.PAYMENTS_API}/refunds", data={"charge": charge_id}, timeout=10)
