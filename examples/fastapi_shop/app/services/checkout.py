"""Checkout: place -> self.payments.charge -> _authorize -> httpx.AsyncClient.post."""
import itertools

from app.clients.payments import PaymentsClient
from app.schemas import OrderIn, OrderOut

_ids = itertools.count(1000)


class CheckoutService:
    def __init__(self):
        self.payments = PaymentsClient()

    async def place(self, payload: OrderIn) -> OrderOut:
        await self.payments.charge(payload.token, payload.total_cents)
        return OrderOut(id=next(_ids), status="paid")


checkout_service = CheckoutService()
