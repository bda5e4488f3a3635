"""Phone verification over Twilio."""
import secrets

from twilio.rest import Client


class PhoneVerifier:
    def __init__(self, sid, token, sender):
        self.client = Client(sid, token)
        self.sender = sender
        self.codes = {}

    def start(self, phone):
        code = f"{secrets.randbelow(1_000_000):06d}"
        self.codes[phone] = code
        self.client.messages.create(to=phone, from_=self.sender, body=f"Your verification code: {code}")

    def check(self, phone, code):
        return self.codes.get(phone) == code
