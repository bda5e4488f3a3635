"""Function views and class-based views (on the project ShopView base)."""
import requests
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from .base import ShopView
from .models import Customer, Order, Product
from .services.invoices import render_invoice
from .services.media import save_product_photo
from .services.orders import Cart, OrderService
from .tasks import refund_payment, send_order_confirmation

CARRIER_API = "https://api.carrier.example.com/v2"


@require_POST
def checkout(request):
    customer = get_object_or_404(Customer, email=request.user.email)
    cart = Cart(request.session.get("cart", []))
    order = OrderService().place_order(customer, cart, request.POST["token"])  # OFP108 OFP109 OFP301
    transaction.on_commit(lambda: send_order_confirmation.delay(order.id))  # ok
    request.session["cart"] = []
    return JsonResponse({"order": order.id}, status=201)


def order_invoice(request, pk):
    order = get_object_or_404(Order, pk=pk, customer__email=request.user.email)
    pdf = render_invoice(order)  # OFP301
    return HttpResponse(pdf, content_type="application/pdf")


def track_shipment(request, pk):
    order = get_object_or_404(Order, pk=pk)
    resp = requests.get(f"{CARRIER_API}/tracking/{order.tracking_number}", timeout=5)  # OFP301
    return JsonResponse(resp.json())


@require_POST
def contact(request):
    send_mail(f"Contact from {request.POST['email']}", request.POST["message"], settings.DEFAULT_FROM_EMAIL, ["support@example.com"])  # OFP101
    return JsonResponse({"ok": True})


@require_POST
def mark_shipped(request, pk):
    order = get_object_or_404(Order, pk=pk)
    order.status = "shipped"
    order.tracking_number = request.POST["tracking_number"]
    order.save(update_fields=["status", "tracking_number"])  # OFP108 OFP109
    notify = import_string(settings.SHIPPING_NOTIFIER)
    notify(order.id)  # OFP110
    return JsonResponse({"ok": True})


class OrderCancelView(ShopView):
    def post(self, request, pk):
        order = get_object_or_404(Order, pk=pk, customer__email=request.user.email)
        order.status = "cancelled"
        order.save()  # OFP108 OFP109
        self.notifier.order_cancelled(order)  # OFP107
        self.track("order cancelled", order=order.pk)  # OFP108
        transaction.on_commit(lambda: refund_payment.delay(order.id))  # ok
        return JsonResponse({"status": order.status})


class ProductPhotoView(ShopView):
    def post(self, request, pk):
        product = get_object_or_404(Product, pk=pk)
        path = save_product_photo(product, request.FILES["photo"])  # OFP104
        product.photo = path
        product.save(update_fields=["photo"])  # ok
        return JsonResponse({"photo": path}, status=201)


class OrderHistoryView(ShopView):
    def get(self, request):
        orders = Order.objects.filter(customer__email=request.user.email).values("id", "status", "total")
        return JsonResponse({"orders": list(orders)})  # ok
