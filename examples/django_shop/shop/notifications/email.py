"""Customer e-mails."""
from django.core.mail import send_mail

from ..models import Product


def send_back_in_stock(product_id):
    product = Product.objects.get(pk=product_id)
    send_mail(f"{product.name} is back in stock", "Get it while it lasts.", None, ["subscribers@example.com"])
