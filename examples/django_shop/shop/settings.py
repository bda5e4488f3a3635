"""Settings for the example shop."""
SECRET_KEY = "example-not-secret"
DEBUG = True
ROOT_URLCONF = "shop.urls"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "shop.apps.ShopConfig",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "shop.sqlite3"}}
DEFAULT_FROM_EMAIL = "shop@example.com"

CELERY_BROKER_URL = "redis://localhost:6379/0"

PAYMENTS_API = "https://payments.example.com/v1"
PAYMENTS_KEY = "sk_test_example"
ELASTICSEARCH_URL = "http://localhost:9200"
TWILIO_ACCOUNT_SID = "ACexample"
TWILIO_AUTH_TOKEN = "example-token"
TWILIO_FROM = "+15550000000"
SLACK_BOT_TOKEN = "xoxb-example"
POSTHOG_KEY = "phc_example"

# Resolved with django.utils.module_loading.import_string in views.mark_shipped
SHIPPING_NOTIFIER = "shop.notifications.slack.post_shipping_update"
