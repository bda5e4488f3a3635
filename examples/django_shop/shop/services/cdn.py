"""CDN cache purge."""
import requests


def purge_paths(paths):
    requests.post("https://api.cdn.example.com/purge", json={"paths": paths}, timeout=5)


def purge_product_cache(sku):
    purge_paths([f"/products/{sku}/", "/products/"])
