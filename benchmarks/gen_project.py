"""Generate a Django-like project of about N Python files for benchmarks.

Each app has models, views, urls, a services package, notifications and tasks; every view reaches a
slow side effect (email, HTTP, PDF, SMS) a few calls deep in another module. A shared `core` app is
imported by every app, like a real project's utilities.

    python benchmarks/gen_project.py OUT_DIR --files 2000
"""

from __future__ import annotations

import argparse
import os

FILES_PER_APP = 10  # __init__, models, views, urls, services/{__init__,orders,billing}, notifications, tasks, admin

SINKS = [
    ("from django.core.mail import send_mail", 'send_mail("Receipt", body, "shop@example.com", [email])'),
    ("import requests", 'requests.post("https://hooks.example.com/orders", json={"body": body, "to": email})'),
    ("import weasyprint", 'weasyprint.HTML(string=body).write_pdf()'),
    ("from twilio.rest import Client", 'Client("sid", "token").messages.create(to=email, from_="+100", body=body)'),
]


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def app_files(app: str, index: int) -> dict[str, str]:
    sink_import, sink_call = SINKS[index % len(SINKS)]
    files = {
        f"{app}/__init__.py": "",
        f"{app}/models.py": f'''"""Models of {app}."""
from django.db import models


class Order(models.Model):
    email = models.EmailField()
    total = models.DecimalField(max_digits=10, decimal_places=2)

    def label(self):
        return f"order {{self.pk}}"


class Customer(models.Model):
    name = models.CharField(max_length=100)
''',
        f"{app}/views.py": f'''"""Views of {app}: checkout reaches a side effect three calls deep."""
from django.core.mail import send_mail  # noqa: F401 - the benchmark types a call to it
from django.http import JsonResponse

from core.http import json_ok
from {app}.models import Order
from {app}.services.orders import place_order, order_summary


def checkout(request):
    order_id = place_order(request.POST["email"], request.POST["sku"])
    return JsonResponse({{"id": order_id}}, status=201)


def summary(request, pk):
    return json_ok(order_summary(pk))


def listing(request):
    return json_ok([o.label() for o in Order.objects.all()[:20]])
''',
        f"{app}/urls.py": f'''"""URLconf of {app}."""
from django.urls import path

from . import views

urlpatterns = [
    path("checkout/", views.checkout, name="{app}-checkout"),
    path("orders/<int:pk>/", views.summary, name="{app}-summary"),
    path("orders/", views.listing, name="{app}-listing"),
]
''',
        f"{app}/services/__init__.py": "",
        f"{app}/services/orders.py": f'''"""Order service of {app}."""
from core.log import audit
from {app}.notifications import notify_customer
from {app}.services.billing import charge


def place_order(email, sku):
    order_id = charge(email, sku)
    audit("order", order_id)
    notify_customer(email, order_id)
    return order_id


def order_summary(pk):
    return {{"id": pk, "status": "paid"}}
''',
        f"{app}/services/billing.py": f'''"""Billing of {app}."""
from core.log import audit


def charge(email, sku):
    audit("charge", sku)
    return hash((email, sku)) % 100000
''',
        f"{app}/notifications.py": f'''"""Customer notifications of {app}."""
{sink_import}


def notify_customer(email, order_id):
    body = render_body(order_id)
    deliver(email, body)


def render_body(order_id):
    return f"Order {{order_id}} confirmed"


def deliver(email, body):
    {sink_call}
''',
        f"{app}/tasks.py": f'''"""Background jobs of {app} (not on the request path)."""
from {app}.notifications import deliver


def nightly_digest(emails):
    for email in emails:
        deliver(email, "digest")
''',
        f"{app}/admin.py": f'''"""Admin of {app}."""
from {app}.models import Customer, Order

REGISTERED = (Customer, Order)
''',
    }
    return files


def generate(out: str, files: int) -> list[str]:
    """Write the project; returns the app names."""
    apps = [f"app{n:04d}" for n in range(max(1, (files - 8) // FILES_PER_APP))]
    write(os.path.join(out, "manage.py"), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n')
    write(os.path.join(out, "pyproject.toml"), '[project]\nname = "generated"\nversion = "0"\n\n[tool.offpath]\n')
    write(os.path.join(out, "config/__init__.py"), "")
    write(os.path.join(out, "config/settings.py"),
          f'ROOT_URLCONF = "config.urls"\nINSTALLED_APPS = {apps!r}\n')
    includes = "\n".join(f'    path("{app}/", include("{app}.urls")),' for app in apps)
    write(os.path.join(out, "config/urls.py"),
          f'from django.urls import include, path\n\nurlpatterns = [\n{includes}\n]\n')
    write(os.path.join(out, "core/__init__.py"), "")
    write(os.path.join(out, "core/log.py"), 'import logging\n\nlog = logging.getLogger("core")\n\n\n'
          'def audit(kind, value):\n    log.info("%s %s", kind, value)\n')
    write(os.path.join(out, "core/http.py"), 'from django.http import JsonResponse\n\n\n'
          'def json_ok(data):\n    return JsonResponse({"ok": True, "data": data})\n')
    for index, app in enumerate(apps):
        for rel, text in app_files(app, index).items():
            write(os.path.join(out, rel), text)
    return apps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()
    apps = generate(args.out, args.files)
    print(f"{len(apps)} apps in {args.out}")


if __name__ == "__main__":
    main()
