from django.core.mail import send_mail
