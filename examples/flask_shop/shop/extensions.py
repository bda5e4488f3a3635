"""Shared extension objects, bound to the app in shop/app.py."""
from flask_mail import Mail
from redis import Redis
from rq import Queue

mail = Mail()
queue = Queue("default", connection=Redis.from_url("redis://localhost:6379/0"))
