"""Negative: two modules define `send`; only the imported one is called."""
from sms import send

send()
