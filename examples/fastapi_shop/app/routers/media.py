"""Media router: video upload (transcoded inline) and reindexing."""
import shutil

from fastapi import APIRouter, BackgroundTasks, UploadFile

from app.config import MEDIA_DIR
from app.services.search import SearchIndexer
from app.services.video import index_video, transcode_upload

router = APIRouter(prefix="/videos", tags=["media"])


@router.post("/{video_id}")
def upload_video(video_id: int, file: UploadFile, background_tasks: BackgroundTasks):
    with open(f"{MEDIA_DIR}/uploads/{video_id}.mov", "wb") as out:
        shutil.copyfileobj(file.file, out)  # ok
    path = transcode_upload(video_id)  # OFP105
    background_tasks.add_task(index_video, video_id)  # ok
    return {"path": path}


@router.post("/{video_id}/reindex")
def reindex(video_id: int, title: str):
    indexer = SearchIndexer()
    indexer.index_video(video_id, {"title": title})  # OFP109
    return {"ok": True}
