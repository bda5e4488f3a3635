"""Redis streams: `XADD` appends an entry that a consumer group reads in another process; the
request is done with it once Redis has it."""

from __future__ import annotations

from .base import Backend

BACKEND = Backend(
    name="redis_streams",
    label="Redis streams",
    kind="broker",
    rank=440,
    boundary_apis=("redis.Redis.xadd", "redis.StrictRedis.xadd", "redis.from_url.xadd", "redis.client.Redis.xadd",
                   "redis.asyncio.Redis.xadd", "redis.asyncio.from_url.xadd", "redis.cluster.RedisCluster.xadd",
                   "django_redis.get_redis_connection.xadd"),
    boundary_methods=("xadd",),
)
