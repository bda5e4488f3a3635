"""The Flask app: top-level routes, the account blueprint and the OrderView MethodView."""
import analytics
from flask import Flask, request, session

from .account import bp as account_bp
from .extensions import mail, queue
from .jobs import sync_to_erp
from .models import Cart
from .notifications import SlackNotifier, announce_shipment
from .services.delivery import email_delivery_receipt, notify_warehouse
from .services.orders import place_order
from .services.phone import PhoneVerifier
from .views.orders import OrderView

app = Flask(__name__)
app.config.from_object("shop.config")
mail.init_app(app)
app.extensions["phone_verifier"] = PhoneVerifier("ACexample", "example-token", "+15550000000")
app.register_blueprint(account_bp, url_prefix="/account")
app.add_url_rule("/orders/<int:order_id>", view_func=OrderView.as_view("order"))

analytics.write_key = "segment-write-key"
ops = SlackNotifier(app.config["SLACK_BOT_TOKEN"], "#shipping")


@app.post("/checkout")
def checkout():
    cart = Cart.from_session(session)
    order = place_order(cart, request.form["email"], request.form["token"])  # OFP301
    queue.enqueue(sync_to_erp, order.id)  # ok
    analytics.track(request.form["email"], "Order Completed", {"order_id": order.id, "total": float(order.total)})  # OFP108
    session["cart"] = []
    return {"id": order.id}, 201


@app.post("/orders/<int:order_id>/ship")
def ship(order_id):
    announce_shipment(ops, order_id)  # OFP110
    return "", 204


@app.post("/orders/<int:order_id>/deliver")
def deliver_order(order_id):
    email_delivery_receipt(order_id, request.form["email"])  # OFP101
    notify_warehouse(order_id)  # OFP102
    return "", 204


@app.get("/health")
def health():
    return {"ok": True, "queued": queue.count}  # ok
