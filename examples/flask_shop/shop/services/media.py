"""Avatar processing with Pillow: process -> _resize -> Image.open/resize/save."""
import os

from PIL import Image


class AvatarProcessor:
    SIZES = (64, 256)

    def __init__(self, storage_dir):
        self.storage_dir = storage_dir

    def process(self, upload, user_id):
        original = os.path.join(self.storage_dir, f"{user_id}.png")
        upload.save(original)
        return [self._resize(original, size) for size in self.SIZES]

    def _resize(self, path, size):
        img = Image.open(path)
        out = path.replace(".png", f"_{size}.png")
        img.resize((size, size)).save(out)
        return out
