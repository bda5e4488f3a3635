"""Product photo processing with Pillow (save_product_photo -> _make_variants -> Image.open/thumbnail/save)."""
from PIL import Image

VARIANTS = {"thumb": (150, 150), "card": (600, 600)}


def _make_variants(path):
    for name, size in VARIANTS.items():
        with Image.open(path) as img:
            img.thumbnail(size)
            img.save(path.replace(".jpg", f"_{name}.jpg"), quality=85)


def save_product_photo(product, upload):
    path = f"/srv/media/products/{product.sku}.jpg"
    with open(path, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    _make_variants(path)
    return path
