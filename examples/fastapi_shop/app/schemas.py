"""Request/response schemas."""
from pydantic import BaseModel, EmailStr


class OrderIn(BaseModel):
    email: EmailStr
    token: str
    skus: list[str]
    total_cents: int


class OrderOut(BaseModel):
    id: int
    status: str


class ShipIn(BaseModel):
    device_token: str


class UserIn(BaseModel):
    email: EmailStr
    name: str
