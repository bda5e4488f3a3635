"""Redis streams: `XADD` appends an entry that a consumer group reads in another process; the
request is done with it once Redis has it. A project that adds stream entries through a
module-level Redis client gets its side effects added to a stream of their own, with a consumer
function for its `xreadgroup` loop (`produce.py`); a Redis client alone (a cache) is not enough."""

from __future__ import annotations

from .base import Backend
from .produce import Producing, available, form


def _send(ctx, changes, doc, client: str, topic: str, body: str) -> str:
    return f'{client}.xadd("{topic}", {{"payload": {body}}})'


PRODUCING = Producing(send=_send, consumer_params="fields", body=lambda ctx: 'fields[b"payload"]',
                      where="the project's `xreadgroup` loop, with each entry's fields (then `xack` it)")

BACKEND = Backend(
    name="redis_streams",
    label="Redis streams",
    kind="broker",
    rank=440,
    boundary_apis=("redis.Redis.xadd", "redis.StrictRedis.xadd", "redis.from_url.xadd", "redis.client.Redis.xadd",
                   "redis.asyncio.Redis.xadd", "redis.asyncio.from_url.xadd", "redis.cluster.RedisCluster.xadd",
                   "django_redis.get_redis_connection.xadd"),
    boundary_methods=("xadd",),
    title="Move {task}(...) to a Redis stream (xadd + consumer function)",
    app_classes=("redis.Redis", "redis.StrictRedis", "redis.client.Redis", "redis.from_url"),
    available=available("redis_streams", producing=True),
    form=form("redis_streams", "a Redis stream", PRODUCING),
)
