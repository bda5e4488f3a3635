"""Synchronous CRM client (httpx.Client)."""
import httpx

from app.config import CRM_API


class CrmClient:
    def __init__(self):
        self.http = httpx.Client(base_url=CRM_API, timeout=10)

    def upsert_contact(self, email: str, name: str) -> None:
        self.http.put(f"/contacts/{email}", json={"name": name})
