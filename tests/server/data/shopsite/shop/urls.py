"""Shop URLconf."""
from django.urls import path

from . import contact, views

urlpatterns = [
    path("checkout/", views.checkout, name="checkout"),
    path("status/", views.status, name="status"),
    path("contact/", contact.contact, name="contact"),
    path("feedback/", contact.feedback, name="feedback"),
]
