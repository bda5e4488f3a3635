"""Settings."""
from fastapi_mail import ConnectionConfig

PAYMENTS_API = "https://payments.example.com/v1"
CARRIER_API = "https://api.carrier.example.com/v2"
CRM_API = "https://crm.example.com/api"
MEILI_URL = "http://localhost:7700"
MEDIA_DIR = "/srv/media"

mail_conf = ConnectionConfig(
    MAIL_USERNAME="shop",
    MAIL_PASSWORD="example",
    MAIL_FROM="shop@example.com",
    MAIL_PORT=587,
    MAIL_SERVER="smtp.example.com",
    MAIL_STARTTLS=True,
    MAIL_SSL_TLS=False,
)
