"""Admin order search (Elasticsearch)."""
from django.conf import settings
from elasticsearch import Elasticsearch

es = Elasticsearch(settings.ELASTICSEARCH_URL)


def index_order(order):
    es.index(index="orders", id=order.pk, document={"status": order.status, "total": float(order.total), "customer": order.customer_id})
