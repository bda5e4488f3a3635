"""Async payments client: charge -> _authorize -> self.http.post (httpx.AsyncClient)."""
import httpx

from app.config import PAYMENTS_API


class PaymentsClient:
    def __init__(self):
        self.http = httpx.AsyncClient(base_url=PAYMENTS_API, timeout=10)

    async def _authorize(self, token: str, amount: int) -> dict:
        resp = await self.http.post("/authorizations", json={"source": token, "amount": amount})
        resp.raise_for_status()
        return resp.json()

    async def charge(self, token: str, amount: int) -> str:
        auth = await self._authorize(token, amount)
        return auth["charge_id"]
