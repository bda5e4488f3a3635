"""Meilisearch indexing."""
import meilisearch

from app.config import MEILI_URL


class SearchIndexer:
    def __init__(self):
        self.client = meilisearch.Client(MEILI_URL, "master-key")

    def index_video(self, video_id: int, meta: dict) -> None:
        self.client.index("videos").add_documents([{"id": video_id, **meta}])
