"""Orders router: async routes, BackgroundTasks and arq for deferred work."""
from arq.connections import ArqRedis
from fastapi import APIRouter, BackgroundTasks, Depends
from fastapi.responses import Response

from app.clients.shipping import ShippingClient
from app.deps import get_redis, get_shipping
from app.notifications.email import send_order_email
from app.notifications.push import notify_device
from app.schemas import OrderIn, OrderOut, ShipIn
from app.services.checkout import checkout_service
from app.services.receipts import ReceiptRenderer

router = APIRouter(prefix="/orders", tags=["orders"])


@router.post("", response_model=OrderOut, status_code=201)
async def create_order(payload: OrderIn, background_tasks: BackgroundTasks, redis: ArqRedis = Depends(get_redis)):
    order = await checkout_service.place(payload)  # OFP102
    background_tasks.add_task(send_order_email, order.id, payload.email)  # ok
    await redis.enqueue_job("sync_inventory", order.id, payload.skus)  # ok
    return order


@router.get("/{order_id}/receipt.pdf")
def receipt(order_id: int):
    pdf = ReceiptRenderer().render(order_id)  # OFP301
    return Response(pdf, media_type="application/pdf")


@router.post("/{order_id}/ship")
async def ship(order_id: int, body: ShipIn, shipping: ShippingClient = Depends(get_shipping)):
    label = await shipping.create_label(order_id)  # OFP301
    await notify_device(body.device_token, f"Order #{order_id} has shipped")  # OFP106
    return {"label": label}


@router.post("/{order_id}/resend-confirmation")
async def resend_confirmation(order_id: int, email: str):
    await send_order_email(order_id, email)  # OFP101
    return {"sent": True}
