"""Inventory: restocking tells the ops channel, and queues back-in-stock e-mails."""
from ..models import Product
from ..notifications.slack import OpsChannel
from ..tasks import notify_back_in_stock


class InventoryService:
    def __init__(self, user):
        self.user = user
        self.ops = OpsChannel()

    def restock(self, product: Product, quantity: int) -> Product:
        was_empty = product.stock == 0
        product.stock += quantity
        product.save(update_fields=["stock"])
        self.ops.post(f"{self.user} restocked {product.sku} (+{quantity})")
        if was_empty:
            notify_back_in_stock.delay(product.id)
        return product
