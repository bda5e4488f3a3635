"""E-mail (Flask-Mail) and Slack notifications."""
from flask import render_template_string
from flask_mail import Message
from slack_sdk import WebClient

from .extensions import mail

WELCOME_HTML = "<h1>Welcome, {{ name }}!</h1><p>Your account is ready.</p>"


def send_welcome(email, name):
    msg = Message("Welcome to the shop", recipients=[email], html=render_template_string(WELCOME_HTML, name=name))
    mail.send(msg)


class SlackNotifier:
    def __init__(self, token, channel):
        self.client = WebClient(token=token)
        self.channel = channel

    def post(self, text):
        self.client.chat_postMessage(channel=self.channel, text=text)


def announce_shipment(notifier: SlackNotifier, order_id):
    notifier.post(f"Order #{order_id} has shipped")
