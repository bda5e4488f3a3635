"""SMS sender (Twilio)."""
from django.conf import settings
from twilio.rest import Client


class SmsSender:
    def __init__(self):
        self.client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)

    def send(self, phone, body):
        self.client.messages.create(to=phone, from_=settings.TWILIO_FROM, body=body)
