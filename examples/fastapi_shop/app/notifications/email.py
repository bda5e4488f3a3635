"""Order e-mails with fastapi-mail."""
from fastapi_mail import FastMail, MessageSchema, MessageType

from app.config import mail_conf

fm = FastMail(mail_conf)


async def send_order_email(order_id: int, email: str) -> None:
    message = MessageSchema(subject=f"Order #{order_id}", recipients=[email], body=f"<p>Order #{order_id} is confirmed.</p>", subtype=MessageType.html)
    await fm.send_message(message)
