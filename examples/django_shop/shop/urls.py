"""URLconf: function views, class-based views and the DRF router."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views
from .api import ProductViewSet

router = DefaultRouter()
router.register("products", ProductViewSet)

urlpatterns = [
    path("checkout/", views.checkout, name="checkout"),
    path("contact/", views.contact, name="contact"),
    path("orders/", views.OrderHistoryView.as_view(), name="order-history"),
    path("orders/<int:pk>/invoice.pdf", views.order_invoice, name="order-invoice"),
    path("orders/<int:pk>/tracking/", views.track_shipment, name="order-tracking"),
    path("orders/<int:pk>/cancel/", views.OrderCancelView.as_view(), name="order-cancel"),
    path("orders/<int:pk>/ship/", views.mark_shipped, name="order-ship"),
    path("products/<int:pk>/photo/", views.ProductPhotoView.as_view(), name="product-photo"),
    path("api/", include(router.urls)),
]
