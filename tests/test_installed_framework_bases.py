"""A view or admin class whose framework base is reached only through an installed class
(a third-party `staffkit.admin.StaffBaseAdmin` is a `ModelAdmin`; Django's own contrib admins
are in the tables) is an entry point when the environment
is read; without it, nothing says so."""

from __future__ import annotations

from test_environment import check, lines, make_venv, private_cache, write  # noqa: F401 (fixture)

INSTALLED = {
    "django/__init__.py": "",
    "django/contrib/__init__.py": "",
    "django/contrib/admin/__init__.py": "from .options import ModelAdmin\n",
    "django/contrib/admin/options.py": """\
        class ModelAdmin:
            def save_model(self, request, obj, form, change):
                obj.save()
        """,
    "staffkit/__init__.py": "",
    "staffkit/admin.py": """\
        from django.contrib import admin


        class StaffBaseAdmin(admin.ModelAdmin):
            list_display = ("username",)
        """,
    "django/core/__init__.py": "",
    "django/core/mail/__init__.py": """\
        def send_mail(subject, message, sender, recipients):
            return 1
        """,
}

PROJECT = {
    "accounts/__init__.py": "",
    "accounts/admin.py": """\
        from staffkit.admin import StaffBaseAdmin
        from django.core.mail import send_mail


        class StaffAdmin(StaffBaseAdmin):
            def save_model(self, request, obj, form, change):
                super().save_model(request, obj, form, change)
                send_mail("Welcome", "Your account is active", "hq@example.com", [obj.email])


        class Helper:
            def save_model(self, request, obj, form, change):
                send_mail("Not an admin", "", "hq@example.com", [obj.email])
        """,
}


def test_an_admin_whose_model_admin_base_is_installed_is_an_entry(tmp_path, capsys):
    venv = make_venv(tmp_path / "env", INSTALLED)
    write(tmp_path / "proj", PROJECT)
    found = check(capsys, str(tmp_path / "proj"), "--python", venv)
    assert lines(found) == {("admin.py", 8, "OFP101")}
    assert found[0]["entry"]["name"].endswith("StaffAdmin.save_model")
    assert check(capsys, str(tmp_path / "proj"), "--no-environment") == []
