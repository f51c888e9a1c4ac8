"""Accounts (issue 17): sign-in throttling with django-axes, failed sign-ins recorded, changing one's own
password (page and API, audited), the session's lifetime and DEBUG's default."""

import datetime
import json
import runpy
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from organisation import services

PASSWORD = "matkhau-demo-2025"
LOCKED = "Tài khoản tạm thời bị khoá vì đăng nhập sai 5 lần liên tiếp. Xin thử lại sau 15 phút."
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng. Xin nhập lại."
WRONG_OLD = "Mật khẩu hiện tại không đúng. Xin nhập lại."
NEW_PASSWORD = "Thi-dua-2026-moi"
SETTINGS_FILE = Path(django_settings.BASE_DIR) / "thidua" / "settings.py"


def sign_in(client, username, password, address="10.1.2.3"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, address="10.1.2.3"):
    return [sign_in(client, username, "sai-mat-khau", address) for _ in range(times)]


@pytest.fixture(autouse=True)
def _throttling(settings):
    # The values under test, whatever the environment running the suite says.
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


# --- throttling -----------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_username_from_that_address(client, personas):
    answers = fail(client, "office", 5)
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert WRONG in answers[0].content.decode()
    assert LOCKED not in answers[3].content.decode()
    assert LOCKED in answers[4].content.decode()

    sixth = sign_in(client, "office", PASSWORD)
    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert LOCKED in page
    assert WRONG not in page
    assert 'id="login"' in page  # the login page itself, with its form
    assert 'value="office"' in page
    assert not signed_in(client)


def test_the_lock_holds_one_username_from_one_address(client, personas):
    fail(client, "office", 5)
    assert sign_in(client, "office", PASSWORD, address="10.9.9.9").status_code == 302
    other = Client()
    assert sign_in(other, "leader", PASSWORD).status_code == 302
    assert signed_in(other)


def test_the_lock_ends_after_the_cool_off(client, personas):
    fail(client, "office", 5)
    assert sign_in(client, "office", PASSWORD).status_code == 429
    # The clock moves on: every recorded try is now 16 minutes old.
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(minutes=16)
        attempt.save()
    answer = sign_in(client, "office", PASSWORD)
    assert answer.status_code == 302
    assert signed_in(client)


def test_a_try_before_the_cool_off_ends_is_still_refused(client, personas):
    fail(client, "office", 5)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(minutes=14)
        attempt.save()
    assert sign_in(client, "office", PASSWORD).status_code == 429
    assert not signed_in(client)


def test_a_successful_sign_in_clears_the_count(client, personas):
    fail(client, "office", 4)
    assert sign_in(client, "office", PASSWORD).status_code == 302
    fresh = Client()
    answers = fail(fresh, "office", 4)
    assert [a.status_code for a in answers] == [200, 200, 200, 200]
    assert sign_in(fresh, "office", PASSWORD).status_code == 302


def test_failed_and_successful_sign_ins_are_recorded(client, personas):
    fail(client, "office", 5)
    failures = AccessFailureLog.objects.order_by("attempt_time", "id")
    assert [(f.username, f.ip_address, f.path_info, f.locked_out) for f in failures] == [
        ("office", "10.1.2.3", "/login/", False),
        ("office", "10.1.2.3", "/login/", False),
        ("office", "10.1.2.3", "/login/", False),
        ("office", "10.1.2.3", "/login/", False),
        ("office", "10.1.2.3", "/login/", True),
    ]
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert sign_in(Client(), "leader", PASSWORD, address="10.4.4.4").status_code == 302
    assert [(log.username, log.ip_address) for log in AccessLog.objects.all()] == [("leader", "10.4.4.4")]


def test_failed_sign_ins_are_logged_as_warnings(client, personas, caplog):
    with caplog.at_level("WARNING", logger="axes"):
        fail(client, "office", 5)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    failures = [m for m in messages if m.startswith(("AXES: New login failure", "AXES: Repeated login failure"))]
    assert len(failures) == 5
    assert all('username: "office"' in m and 'ip_address: "10.1.2.3"' in m for m in failures)
    assert len([m for m in messages if m.startswith("AXES: Locking out")]) == 1
    assert not [m for m in messages if "sai-mat-khau" in m]


def test_the_api_key_exchange_is_throttled_too_and_answers_json(client, personas):
    url = "/api/v1/auth/token"
    body = {"username": "office", "password": "sai-mat-khau", "name": "Thử"}
    answers = [client.post(url, body, content_type="application/json", REMOTE_ADDR="10.1.2.3") for _ in range(5)]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]
    assert answers[4].json() == {"detail": LOCKED}
    right = client.post(url, {**body, "password": PASSWORD}, content_type="application/json", REMOTE_ADDR="10.1.2.3")
    assert right.status_code == 429
    assert right.json() == {"detail": LOCKED}
    assert not personas.office.api_tokens.exists()


def test_a_locked_out_user_keeps_working_with_an_api_key(client, personas):
    _token, raw = services.issue_api_token(personas.office, name="Đồng bộ", by=personas.office)
    fail(client, "office", 5)
    answer = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR="10.1.2.3")
    assert answer.status_code == 200
    assert answer.json()["username"] == "office"


def test_the_test_clients_login_without_a_request_still_works(personas):
    assert Client().login(username="office", password=PASSWORD)


# --- own password: the page ----------------------------------------------------------------------------------


def test_the_user_menu_links_to_the_password_page(client, personas):
    client.force_login(personas.officer)
    page = client.get(reverse("organisation:home")).content.decode()
    assert f'href="{reverse("organisation:password_change")}"' in page
    assert "Đổi mật khẩu" in page


def test_the_password_page_needs_a_sign_in(client, personas):
    answer = client.get(reverse("organisation:password_change"))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("login"))


def test_the_password_page_shows_the_form_in_vietnamese(client, personas):
    client.force_login(personas.officer)
    page = client.get(reverse("organisation:password_change")).content.decode()
    for label in ("Mật khẩu hiện tại", "Mật khẩu mới", "Nhập lại mật khẩu mới"):
        assert label in page
    assert 'class="form-control' in page
    assert 'name="old_password"' in page


def change_on_page(client, old, new1, new2=None):
    return client.post(
        reverse("organisation:password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new1 if new2 is None else new2},
    )


def test_a_wrong_current_password_is_refused(client, personas):
    client.force_login(personas.officer)
    answer = change_on_page(client, "khong-phai", NEW_PASSWORD)
    assert answer.status_code == 200
    assert WRONG_OLD in answer.content.decode()
    personas.officer.refresh_from_db()
    assert personas.officer.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(object_type="organisation.user").exists()


def test_two_different_new_passwords_are_refused(client, personas):
    client.force_login(personas.officer)
    answer = change_on_page(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert answer.status_code == 200
    assert "Hai lần nhập mật khẩu mới không khớp." in answer.content.decode()
    personas.officer.refresh_from_db()
    assert personas.officer.check_password(PASSWORD)


def test_changing_the_password_is_audited_and_ends_the_other_sessions(client, personas):
    officer = personas.officer
    elsewhere = Client()
    elsewhere.force_login(officer)
    client.force_login(officer)
    answer = change_on_page(client, PASSWORD, NEW_PASSWORD)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("organisation:password_change")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(object_type="organisation.user", object_id=str(officer.pk))
    assert (event.actor, event.action, event.changes, event.note) == (
        officer,
        AuditEvent.Action.UPDATE,
        {"password": ["***", "***"]},
        "Tự đổi mật khẩu",
    )
    assert NEW_PASSWORD not in json.dumps(event.changes)
    # This browser stays signed in and is told; the other session is signed out, as Django does.
    followed = client.get(answer["Location"])
    assert followed.status_code == 200
    assert "Đã đổi mật khẩu." in followed.content.decode()
    away = elsewhere.get(reverse("organisation:home"))
    assert away.status_code == 302
    assert away["Location"].startswith(reverse("login"))


# --- own password: the API -----------------------------------------------------------------------------------


def change_by_api(client, old, new, **headers):
    return client.post(
        "/api/v1/me/password",
        {"old_password": old, "new_password": new},
        content_type="application/json",
        **headers,
    )


def test_the_api_refuses_a_wrong_current_password(personas):
    _token, raw = services.issue_api_token(personas.officer, name="Đồng bộ", by=personas.officer)
    answer = change_by_api(Client(), "khong-phai", NEW_PASSWORD, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 422
    assert answer.json() == {"detail": f"old_password: {WRONG_OLD}"}
    personas.officer.refresh_from_db()
    assert personas.officer.check_password(PASSWORD)


def test_the_api_refuses_a_weak_new_password(personas):
    _token, raw = services.issue_api_token(personas.officer, name="Đồng bộ", by=personas.officer)
    answer = change_by_api(Client(), PASSWORD, "123", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("new_password: ")
    personas.officer.refresh_from_db()
    assert personas.officer.check_password(PASSWORD)


def test_the_api_changes_the_password_keeps_the_calling_session_and_audits(personas):
    officer = personas.officer
    caller, elsewhere = Client(), Client()
    caller.force_login(officer)
    elsewhere.force_login(officer)
    answer = change_by_api(caller, PASSWORD, NEW_PASSWORD)
    assert answer.status_code == 200
    assert answer.json() == {"detail": "Đã đổi mật khẩu."}
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(object_type="organisation.user", object_id=str(officer.pk))
    assert (event.actor, event.changes) == (officer, {"password": ["***", "***"]})
    assert caller.get(reverse("organisation:home")).status_code == 200
    assert elsewhere.get(reverse("organisation:home")).status_code == 302


# --- settings ------------------------------------------------------------------------------------------------


def load_settings(monkeypatch, **environ):
    for name in ("DEBUG", "SECRET_KEY", "SESSION_COOKIE_AGE", "LOGIN_FAILURE_LIMIT", "LOGIN_COOLOFF_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_debug_is_off_unless_set(monkeypatch):
    assert load_settings(monkeypatch, SECRET_KEY="k" * 50)["DEBUG"] is False
    assert load_settings(monkeypatch, DEBUG="true")["DEBUG"] is True


def test_without_debug_a_secret_key_is_required(monkeypatch):
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set when DEBUG is false"):
        load_settings(monkeypatch)


def test_a_session_lasts_a_working_day_unless_set(monkeypatch):
    assert load_settings(monkeypatch, DEBUG="true")["SESSION_COOKIE_AGE"] == 9 * 60 * 60
    assert load_settings(monkeypatch, DEBUG="true", SESSION_COOKIE_AGE="3600")["SESSION_COOKIE_AGE"] == 3600


def test_throttling_limits_come_from_the_environment(monkeypatch):
    defaults = load_settings(monkeypatch, DEBUG="true")
    assert (defaults["AXES_FAILURE_LIMIT"], defaults["AXES_COOLOFF_TIME"]) == (5, datetime.timedelta(minutes=15))
    chosen = load_settings(monkeypatch, DEBUG="true", LOGIN_FAILURE_LIMIT="3", LOGIN_COOLOFF_MINUTES="30")
    assert (chosen["AXES_FAILURE_LIMIT"], chosen["AXES_COOLOFF_TIME"]) == (3, datetime.timedelta(minutes=30))


def test_the_session_cookie_lives_as_long_as_the_setting(client, personas, settings):
    settings.SESSION_COOKIE_AGE = 9 * 60 * 60
    assert sign_in(client, "office", PASSWORD).status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 32400
