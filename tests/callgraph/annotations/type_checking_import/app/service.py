from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.handlers import Handler


def process(handler: "Handler"):
    handler.handle()
