"""`Box[Order]`: a generic container's method returns the element it holds."""
from typing import Generic, TypeVar

T = TypeVar("T")


class Box(Generic[T]):
    def __init__(self, item: T):
        self.item = item

    def get(self) -> T:
        return self.item


class Order:
    def total(self):
        pass


box: Box[Order] = Box(Order())
box.get().total()
