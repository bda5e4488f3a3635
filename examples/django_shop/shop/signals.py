"""post_save receiver: product analytics for every order write (runs inside the request)."""
import posthog
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Order

posthog.project_api_key = settings.POSTHOG_KEY


@receiver(post_save, sender=Order)
def track_order(sender, instance, created, **kwargs):
    event = "order created" if created else f"order {instance.status}"
    posthog.capture(str(instance.customer_id), event, {"total": float(instance.total)})
