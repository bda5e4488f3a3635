"""Async carrier client."""
import httpx

from app.config import CARRIER_API


class ShippingClient:
    def __init__(self):
        self.http = httpx.AsyncClient(base_url=CARRIER_API, timeout=10)

    async def create_label(self, order_id: int) -> dict:
        resp = await self.http.post("/labels", json={"reference": str(order_id)})
        return resp.json()
