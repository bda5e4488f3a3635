"""Dependency providers (return annotations type the injected parameters)."""
from arq import create_pool
from arq.connections import ArqRedis, RedisSettings

from app.clients.crm import CrmClient
from app.clients.shipping import ShippingClient


def get_shipping() -> ShippingClient:
    return ShippingClient()


def get_crm() -> CrmClient:
    return CrmClient()


async def get_redis() -> ArqRedis:
    return await create_pool(RedisSettings())
