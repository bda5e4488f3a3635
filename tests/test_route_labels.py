"""How findings name the endpoint a user waits for: `GET, POST /path` in the conventional method
order, and a class-based resource's handler by its route, never by its method name."""

from __future__ import annotations

import os

from offpath.analysis.config import Config
from offpath.analysis.model import EntryPoint, Span
from offpath.analysis.project import Project, discover

RULES = os.path.join(os.path.dirname(__file__), "fixtures", "rules")
PROJECTS = os.path.join(os.path.dirname(__file__), "fixtures", "projects")


def _messages(name: str) -> dict[int, str]:
    project = Project([RULES], Config(jedi_budget=0))
    path = os.path.join(RULES, name)
    project.load([path])
    return {f.span.line: f.message for f in project.all_findings().get(path, [])}


def _line(name: str, text: str) -> int:
    with open(os.path.join(RULES, name), encoding="utf-8") as handle:
        return next(n for n, line in enumerate(handle, 1) if text in line)


def test_methods_read_in_conventional_order() -> None:
    messages = _messages("entry_route_labels.py")
    reset = messages[_line("entry_route_labels.py", 'f"{HOOK}/reset"')]
    assert "while the user waits for GET, POST /reset_password —" in reset
    order = messages[_line("entry_route_labels.py", 'f"{HOOK}/orders/{order_id}"')]
    assert "waits for GET, PUT, PATCH, DELETE, OPTIONS /orders/<int:order_id> —" in order


def test_class_based_resources_are_named_by_their_route() -> None:
    messages = _messages("entry_route_labels.py")
    get = messages[_line("entry_route_labels.py", 'requests.get(f"{HOOK}/users/{user_id}"')]
    post = messages[_line("entry_route_labels.py", 'requests.post(f"{HOOK}/users/{user_id}"')]
    listed = messages[_line("entry_route_labels.py", 'requests.post(f"{HOOK}/users",')]
    assert "while the user waits for GET /users/<int:user_id> —" in get  # under the Namespace's path
    assert "while the user waits for POST /users/<int:user_id> —" in post
    assert "while the user waits for POST /users —" in listed
    account = messages[_line("entry_route_labels.py", 'f"{HOOK}/accounts/{account_id}"')]
    assert "while the user waits for PATCH /accounts/<int:account_id> —" in account
    assert not any("waits for get" in m or "waits for post" in m for m in messages.values())


def test_falcon_responders_are_named_by_their_route() -> None:
    messages = _messages("entry_falcon.py")
    line = _line("entry_falcon.py", 'f"{HOOK}/things/{thing_id}"')
    assert "while the user waits for GET /things/{thing_id} —" in messages[line]


def test_viewset_actions_read_their_http_method() -> None:
    root = os.path.join(PROJECTS, "drf_router")
    project = Project([root], Config(jedi_budget=0))
    project.load(discover([root]))
    messages = [f.message for found in project.all_findings().values() for f in found]
    # The export's output is the response: OFP301's wording names the route the same way.
    assert any("`ExportViewSet.list` waits on" in m and "and GET /api/exports needs its result" in m for m in messages)


def test_label_without_a_route() -> None:
    span = Span(1, 0, 1, 10)
    view = EntryPoint("app.views.OrderView.post", "views.py", span, "django", methods=("POST",),
                      self_class="app.views.OrderView")
    assert view.label == "OrderView.post"
    assert EntryPoint("app.views.checkout", "views.py", span, "django").label == "checkout"
    routed = EntryPoint("app.views.checkout", "views.py", span, "flask", "/c", ("HEAD", "POST", "GET", "POST"))
    assert routed.label == "GET, POST, HEAD /c"


def _project_messages(name: str) -> list[str]:
    root = os.path.join(PROJECTS, name)
    project = Project([root], Config(jedi_budget=0))
    project.load(discover([root]))
    return [f.message for found in project.all_findings().values() for f in found]


def test_router_serves_detail_actions_under_the_object() -> None:
    messages = _project_messages("drf_router")
    # The label's PDF goes into the response (`len(label)`): OFP301, whose message names the route too.
    assert any("and POST /api/orders/<pk>/ship needs its result" in m for m in messages if "ShippingLabel" in m)


def test_routes_include_the_prefixes_they_are_mounted_under() -> None:
    fastapi = _project_messages("fastapi_router")
    assert any("and POST /orders/{order_id}/ship needs its result" in m for m in fastapi)
    flask = _project_messages("flask_blueprint")
    assert any("`send_order_email()`" in m and "waits for POST /orders/ —" in m for m in flask)
    assert any("`ReportView.post`" in m and "waits for POST /admin/reports —" in m for m in flask)
    django = _project_messages("django_urls_three_deep")
    assert any("waits for /shop/checkout/ —" in m for m in django)


def test_extra_method_mappings_serve_their_action_route() -> None:
    messages = _project_messages("drf_router")
    assert any("`ReturnViewSet.void_label`" in m and "waits for DELETE /api/returns/<pk>/label —" in m for m in messages)


def test_fastapi_routes_add_up_their_prefixes() -> None:
    messages = _messages("entry_fastapi_prefixes.py")
    invite = messages[_line("entry_fastapi_prefixes.py", 'f"{HOOK}/invites/{user_id}"')]
    assert "while the user waits for POST /api/v1/users/{user_id}/invite —" in invite
    ping = messages[_line("entry_fastapi_prefixes.py", 'f"{HOOK}/spare-ping"')]
    assert "while the user waits for GET /spare/ping —" in ping


def test_flask_routes_read_their_blueprint_and_namespace_prefixes() -> None:
    messages = _messages("entry_flask_prefixes.py")
    login = messages[_line("entry_flask_prefixes.py", 'f"{HOOK}/login-audit"')]
    assert "while the user waits for POST /auth/login —" in login
    cart = messages[_line("entry_flask_prefixes.py", 'f"{HOOK}/cart"')]
    assert "while the user waits for POST /shop/cart —" in cart  # the registration's prefix replaces its own
    email = messages[_line("entry_flask_prefixes.py", 'f"{HOOK}/user-email"')]
    assert "while the user waits for POST /api/v1/members/<int:user_id>/email —" in email


def test_a_resource_registered_by_a_project_decorator_is_named_by_its_path() -> None:
    messages = _messages("entry_flask_resource_decorator.py")
    sent = messages[_line("entry_flask_resource_decorator.py", 'notify("new@example.com")')]
    assert "while the user waits for POST /v1/users/ —" in sent


def test_adapted_handler_classes_read_their_blueprint_prefix_and_verbs() -> None:
    messages = _project_messages("flask_view_adapter")
    assert any("`push()`" in m and "waits for POST /things/ —" in m for m in messages)
    assert any("`RHThing._process_DELETE`" in m and "waits for DELETE /things/<int:thing_id> —" in m for m in messages)


def test_actions_read_their_methods_given_positionally() -> None:
    # `@action(["post"], detail=False)`: DRF's first parameter is `methods`.
    messages = _messages("OFP101_djoser_actions.py")
    welcome = messages[_line("OFP101_djoser_actions.py", "email.ActivationEmail(")]
    assert "while the user waits for POST /users/welcome —" in welcome
