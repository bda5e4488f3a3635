"""FastAPI application."""
import asyncio
import subprocess

from fastapi import FastAPI

from app.routers import media, orders, users

app = FastAPI(title="Example shop")
app.include_router(orders.router)
app.include_router(media.router)
app.include_router(users.router)


@app.get("/health")
async def health():
    await asyncio.sleep(0)  # ok
    return {"ok": True}


@app.post("/admin/rebuild-search")
def rebuild_search():
    subprocess.run(["python", "-m", "scripts.rebuild_search"], check=True)  # OFP112
    return {"ok": True}
