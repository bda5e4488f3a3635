"""Device push via Firebase (the SDK call is synchronous)."""
from firebase_admin import messaging


async def notify_device(token: str, text: str) -> None:
    messaging.send(messaging.Message(token=token, notification=messaging.Notification(title="Your order", body=text)))
