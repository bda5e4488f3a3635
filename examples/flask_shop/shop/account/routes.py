"""Account routes on the blueprint."""
from flask import current_app, request

from ..extensions import queue
from ..jobs import add_to_newsletter
from ..notifications import send_welcome
from ..services.media import AvatarProcessor
from ..services.phone import PhoneVerifier
from . import bp


def register_user(form):
    user = {"email": form["email"], "name": form["name"]}
    send_welcome(user["email"], user["name"])
    return user


@bp.post("/register")
def register():
    user = register_user(request.form)  # OFP101
    if request.form.get("newsletter"):
        queue.enqueue(add_to_newsletter, user["email"])  # OFP205
    return {"email": user["email"]}, 201


@bp.post("/avatar")
def upload_avatar():
    processor = AvatarProcessor(current_app.config["AVATAR_DIR"])
    paths = processor.process(request.files["avatar"], request.form["user_id"])  # OFP104
    return {"avatars": paths}, 201


@bp.post("/phone/verify")
def verify_phone():
    verifier: PhoneVerifier = current_app.extensions["phone_verifier"]
    verifier.start(request.form["phone"])  # OFP107
    return "", 204


@bp.post("/phone/confirm")
def confirm_phone():
    verifier: PhoneVerifier = current_app.extensions["phone_verifier"]
    return {"ok": verifier.check(request.form["phone"], request.form["code"])}  # ok
