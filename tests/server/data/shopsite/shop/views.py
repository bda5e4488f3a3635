"""Views: checkout reaches e-mail three calls deep in another module."""
from django.http import JsonResponse

from shop.services.orders import place_order


def checkout(request):
    order_id = place_order(request.POST["email"], request.POST["sku"])
    return JsonResponse({"id": order_id}, status=201)


def status(request):
    return JsonResponse({"status": "ok"})
