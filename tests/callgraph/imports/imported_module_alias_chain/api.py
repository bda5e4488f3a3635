from transport import fetch
