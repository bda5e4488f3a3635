"""Payment gateway over HTTP: charge/refund -> _request -> requests.request."""
import requests


class PaymentGateway:
    def __init__(self, api="https://payments.example.com/v1", key="sk_test_example"):
        self.api = api
        self.key = key

    def _request(self, method, path, **data):
        resp = requests.request(method, f"{self.api}{path}", data=data, auth=(self.key, ""), timeout=10)
        resp.raise_for_status()
        return resp.json()

    def charge(self, amount, token):
        return self._request("POST", "/charges", amount=int(amount * 100), source=token)["id"]

    def refund(self, charge_id):
        return self._request("POST", "/refunds", charge=charge_id)
