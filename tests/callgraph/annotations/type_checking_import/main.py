"""The annotation's class is imported only under `TYPE_CHECKING`; the caller passes one."""
from app.handlers import Handler
from app.service import process

process(Handler())
