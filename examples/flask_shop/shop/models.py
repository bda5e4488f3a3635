"""Plain data classes and an in-memory store (the example has no ORM)."""
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class CartLine:
    sku: str
    qty: int
    price: Decimal


@dataclass
class Cart:
    lines: list = field(default_factory=list)

    @classmethod
    def from_session(cls, session):
        return cls([CartLine(**line) for line in session.get("cart", [])])

    def total(self) -> Decimal:
        return sum((line.price * line.qty for line in self.lines), Decimal("0"))


@dataclass
class Order:
    id: int
    email: str
    total: Decimal
    charge_id: str = ""
    status: str = "paid"


ORDERS: dict = {}
