"""Slack notifications for the ops team."""
from django.conf import settings
from slack_sdk import WebClient


class OpsChannel:
    def __init__(self, channel="#ops"):
        self.client = WebClient(token=settings.SLACK_BOT_TOKEN)
        self.channel = channel

    def post(self, text):
        self.client.chat_postMessage(channel=self.channel, text=text)


def post_shipping_update(order_id):
    OpsChannel("#shipping").post(f"Order #{order_id} shipped")
