import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

import pytest_lsp
from helpers import CONFIG
from pytest_lsp import LanguageClient


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    yield
    if lsp_client.capabilities is None and lsp_client._server is not None:
        lsp_client._server.kill()  # never initialised: nothing will tell it to exit
    else:
        await lsp_client.shutdown_session()
