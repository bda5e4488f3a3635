"""Users router: CRM upsert through an injected client, welcome mail awaited inline."""
from fastapi import APIRouter, Depends
from fastapi_mail import MessageSchema, MessageType

from app.clients.crm import CrmClient
from app.deps import get_crm
from app.notifications.email import fm
from app.schemas import UserIn

router = APIRouter(prefix="/users", tags=["users"])


@router.post("", status_code=201)
def create_user(user: UserIn, crm: CrmClient = Depends(get_crm)):
    crm.upsert_contact(user.email, user.name)  # OFP102
    return {"email": user.email}


@router.post("/{user_id}/welcome")
async def welcome(user_id: int, user: UserIn):
    message = MessageSchema(subject="Welcome!", recipients=[user.email], body=f"<h1>Hi {user.name}</h1>", subtype=MessageType.html)  # ok
    await fm.send_message(message)  # OFP101
    return {"sent": True}
