"""Product video transcoding (ffmpeg-python)."""
import ffmpeg

from app.config import MEDIA_DIR


def _transcode(src: str, dst: str) -> None:
    ffmpeg.input(src).output(dst, vcodec="libx264", acodec="aac", crf=23).run(overwrite_output=True, quiet=True)


def transcode_upload(video_id: int) -> str:
    src = f"{MEDIA_DIR}/uploads/{video_id}.mov"
    dst = f"{MEDIA_DIR}/videos/{video_id}.mp4"
    _transcode(src, dst)
    return dst


def index_video(video_id: int) -> None:
    from app.services.search import SearchIndexer

    SearchIndexer().index_video(video_id, {"title": f"Video {video_id}"})
