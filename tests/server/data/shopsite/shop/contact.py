"""Contact views whose lines hold non-ASCII text before the side effect."""
from django.core.mail import send_mail
from django.http import HttpResponse


def contact(request):
    名前 = "é"; send_mail("Hi", 名前, "a@example.com", ["b@example.com"])
    return HttpResponse("ok")


def feedback(request):
    face = "😀"; send_mail("Feedback 😀", face, "a@example.com", ["b@example.com"])  # 😀
    return HttpResponse("ok")
