"""Project base view: every shop view gets a notifier and an analytics helper."""
import posthog
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import View

from .notifications.customer import CustomerNotifier


class ShopView(LoginRequiredMixin, View):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.notifier = CustomerNotifier()

    def track(self, event, **props):
        posthog.capture(str(self.request.user.pk), event, props)
