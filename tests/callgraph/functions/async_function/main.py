"""Awaiting coroutines: each call of an `async def` is an edge from the caller."""
import asyncio


async def fetch():
    return 1


async def handler():
    return await fetch()


asyncio.run(handler())
