"""The second factor (issue 17): setting up a TOTP app and backup codes, the sign-in's code step (pages and
the admin), the gate no URL gets around, wrong codes counted with wrong passwords, the roles that must use it,
the administrator's reset — each write audited without a secret. Codes are real: ``django_otp.oath.TOTP`` on
the device's key."""

import datetime
import re
import time
from base64 import b32encode

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from organisation import otp
from organisation.services import FieldRefused, two_factor

PASSWORD = "matkhau-demo-2025"
LOCKED = "Tài khoản tạm thời bị khoá vì đăng nhập sai 5 lần liên tiếp. Xin thử lại sau 15 phút."
WRONG_CODE = "Mã xác thực không đúng hoặc đã dùng. Xin nhập mã mới trong ứng dụng."
SESSION_NEEDS_CODE = "Phiên đăng nhập này chưa nhập mã xác thực hai lớp. Hãy nhập mã trên trang đăng nhập."
ENROL_FIRST = "Vai trò của bạn bắt buộc xác thực hai lớp: hãy thiết lập trên trang “Xác thực hai lớp” trước."
ADDRESS = "10.1.2.3"


def code(device, steps_ahead=0) -> str:
    """The code the user's app shows now (or ``steps_ahead`` periods of 30 s later, within the tolerance)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.start_enrolment(user)
    codes = two_factor.confirm_device(device, code(device))
    device.refresh_from_db()
    return device, codes


def sign_in(client, username, path="login", address=ADDRESS, next_url=""):
    body = {"username": username, "password": PASSWORD, "next": next_url}
    return client.post(reverse(path), body, REMOTE_ADDR=address)


def give_code(client, value, next_url="/", address=ADDRESS):
    return client.post(reverse("login_code"), {"otp_token": value, "next": next_url}, REMOTE_ADDR=address)


def verified(client) -> bool:
    return "otp_device_id" in client.session


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.OTP_REQUIRED_ROLES = []
    # django-otp's own back-off (one second after a wrong code, doubling) is tested on its own below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


# --- setting it up ----------------------------------------------------------------------------------------------


def test_the_page_sets_up_an_app_with_a_qr_code_and_the_key_then_shows_ten_backup_codes_once(client, personas):
    client.force_login(personas.office)
    page = client.get(reverse("organisation:two_factor")).content.decode()
    assert 'id="two-factor-off"' in page
    assert client.post(reverse("organisation:two_factor_enrol")).status_code == 302
    device = TOTPDevice.objects.get(user=personas.office)
    assert device.confirmed is False

    page = client.get(reverse("organisation:two_factor")).content.decode()
    secret = b32encode(device.bin_key).decode()
    assert re.search(r'id="two-factor-qr"><svg [^>]*class="segno"', page)
    assert re.search(r'<p [^>]*id="two-factor-secret">([A-Z2-7 ]+)</p>', page).group(1).replace(" ", "") == secret
    assert "<script" not in page.split('id="two-factor-qr"')[1].split("</svg>")[0]

    answer = client.post(reverse("organisation:two_factor_confirm"), {"otp_token": code(device)})
    assert answer.status_code == 200
    shown = re.findall(
        r'<span class="d-block border rounded py-1 user-select-all">([a-z2-7]{8})</span>', answer.content.decode()
    )
    stored = sorted(StaticToken.objects.filter(device__user=personas.office).values_list("token", flat=True))
    assert len(shown) == 10
    assert sorted(shown) == stored
    assert answer["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    device.refresh_from_db()
    assert device.confirmed is True
    assert verified(client)  # the code just given verifies this session

    page = client.get(reverse("organisation:two_factor")).content.decode()
    assert 'id="two-factor-on"' in page
    assert '<dd class="col-sm-7" id="codes-left">10</dd>' in page
    assert not [c for c in shown if c in page]
    assert secret not in page


def test_a_wrong_first_code_leaves_the_app_unconfirmed(client, personas):
    client.force_login(personas.office)
    client.post(reverse("organisation:two_factor_enrol"))
    device = TOTPDevice.objects.get(user=personas.office)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    answer = client.post(reverse("organisation:two_factor_confirm"), {"otp_token": wrong}, follow=True)
    assert [str(m) for m in answer.context["messages"]] == [WRONG_CODE]
    device.refresh_from_db()
    assert device.confirmed is False
    assert not StaticDevice.objects.filter(user=personas.office).exists()


def test_every_write_is_audited_on_the_user_without_a_secret(client, personas):
    device, codes = enrolled(personas.office)
    two_factor.renew_backup_codes(personas.office, password=PASSWORD)
    two_factor.remove_second_factor(personas.office, password=PASSWORD)
    enrolled(personas.office)
    two_factor.reset_second_factor(personas.office, by=personas.admin)
    rows = AuditEvent.objects.filter(object_type="organisation.user", object_id=str(personas.office.pk)).order_by("id")
    assert [(r.actor.username, r.action, r.changes, r.note) for r in rows] == [
        ("office", "update", {"second_factor": ["off", "pending"]}, "Thiết lập xác thực hai lớp"),
        ("office", "update", {"second_factor": ["pending", "on"], "backup_codes": [0, 10]}, "Bật xác thực hai lớp"),
        ("office", "update", {"backup_codes": [10, 10]}, "Tạo mã dự phòng mới"),
        ("office", "update", {"second_factor": ["on", "off"]}, "Tắt xác thực hai lớp"),
        ("office", "update", {"second_factor": ["off", "pending"]}, "Thiết lập xác thực hai lớp"),
        ("office", "update", {"second_factor": ["pending", "on"], "backup_codes": [0, 10]}, "Bật xác thực hai lớp"),
        ("admin", "update", {"second_factor": ["on", "off"]}, "Quản trị viên đặt lại xác thực hai lớp"),
    ]
    written = " ".join(str(r.changes) + r.note + r.object_repr for r in AuditEvent.objects.all())
    assert device.key not in written
    assert b32encode(device.bin_key).decode() not in written
    assert not [c for c in codes if c in written]


def test_turning_it_off_needs_the_password(client, personas):
    enrolled(personas.office)
    client.force_login(personas.office)
    give_code(client, code(TOTPDevice.objects.get(user=personas.office), 1))
    wrong = client.post(reverse("organisation:two_factor_remove"), {"password": "sai"}, follow=True)
    assert [str(m) for m in wrong.context["messages"]] == ["Mật khẩu không đúng. Xin nhập lại."]
    assert TOTPDevice.objects.filter(user=personas.office).count() == 1
    right = client.post(reverse("organisation:two_factor_remove"), {"password": PASSWORD}, follow=True)
    assert [str(m) for m in right.context["messages"]] == ["Đã tắt xác thực hai lớp."]
    assert not TOTPDevice.objects.filter(user=personas.office).exists()
    assert not StaticDevice.objects.filter(user=personas.office).exists()
    assert client.get("/").status_code == 200


def test_a_second_set_up_is_refused_while_one_is_on(personas):
    enrolled(personas.office)
    with pytest.raises(two_factor.OrganisationError):
        two_factor.start_enrolment(personas.office)
    with pytest.raises(FieldRefused) as refused:
        two_factor.renew_backup_codes(personas.office, password="sai")
    assert refused.value.field == "password"


# --- signing in -----------------------------------------------------------------------------------------------


def test_without_a_second_factor_the_password_signs_in_as_before(client, personas):
    assert sign_in(client, "office").status_code == 302
    assert client.get("/").status_code == 200


def test_after_the_password_a_user_with_an_app_is_asked_for_the_code(client, personas):
    device, _codes = enrolled(personas.office)
    answer = sign_in(client, "office")
    assert (answer.status_code, answer["Location"]) == (302, "/")
    home = client.get("/")
    assert (home.status_code, home["Location"]) == (302, "/login/code/?next=%2F")
    page = client.get(home["Location"])
    assert page.status_code == 200
    assert 'id="login-code"' in page.content.decode()
    assert 'name="otp_token"' in page.content.decode()
    assert 'id="mainnav"' not in page.content.decode()
    assert not verified(client)

    answer = give_code(client, code(device, 1))
    assert (answer.status_code, answer["Location"]) == (302, "/")
    assert verified(client)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/units/",
        "/account/two-factor/",
        "/account/password/",
        "/account/tokens/",
        "/admin/",
        "/admin/login/",
        "/audit/",
        "/login/",
        "/no-such-page/",
    ],
)
def test_an_unverified_session_reaches_no_page_but_the_code_page(client, personas, path):
    enrolled(personas.admin)
    sign_in(client, "admin")
    answer = client.get(path)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/login/code/?next=")


def test_an_unverified_session_posts_nothing_either(client, personas):
    enrolled(personas.office)
    sign_in(client, "office")
    answer = client.post(reverse("organisation:two_factor_remove"), {"password": PASSWORD})
    assert answer["Location"].startswith("/login/code/")
    answer = client.post(reverse("organisation:token_list"), {"name": "Lách"})
    assert answer["Location"].startswith("/login/code/")
    assert TOTPDevice.objects.filter(user=personas.office).count() == 1
    assert not personas.office.api_tokens.exists()


def test_an_unverified_session_gets_a_json_401_from_the_api(client, personas):
    enrolled(personas.office)
    sign_in(client, "office")
    for path in ["/api/v1/me", "/api/v1/units", "/api/v1/me/tokens"]:
        answer = client.get(path)
        assert (answer.status_code, answer.json()) == (401, {"detail": SESSION_NEEDS_CODE})


def test_the_admin_login_goes_through_the_code_step(client, personas):
    device, _codes = enrolled(personas.admin)
    answer = sign_in(client, "admin", path="admin:login", next_url="/admin/")  # as the admin's form sends it
    assert (answer.status_code, answer["Location"]) == (302, "/admin/")
    admin_page = client.get("/admin/")
    assert (admin_page.status_code, admin_page["Location"]) == (302, "/login/code/?next=%2Fadmin%2F")
    answer = give_code(client, code(device, 1), next_url="/admin/")
    assert answer["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_session_opened_before_the_app_was_set_up_elsewhere_must_give_a_code(personas):
    earlier = Client()
    earlier.force_login(personas.office)
    assert earlier.get("/").status_code == 200
    enrolled(personas.office)  # from another browser
    answer = earlier.get("/")
    assert answer["Location"] == "/login/code/?next=%2F"


def test_a_backup_code_signs_in_once(client, personas):
    _device, codes = enrolled(personas.office)
    sign_in(client, "office")
    assert give_code(client, codes[3].upper())["Location"] == "/"
    assert verified(client)
    assert StaticToken.objects.filter(device__user=personas.office).count() == 9
    again = Client()
    sign_in(again, "office")
    answer = give_code(again, codes[3])
    assert answer.status_code == 200
    assert WRONG_CODE in answer.content.decode()
    assert not verified(again)


def test_a_code_is_used_once(client, personas):
    device, _codes = enrolled(personas.office)
    used = code(device, 1)
    sign_in(client, "office")
    assert give_code(client, used)["Location"] == "/"
    other = Client()
    sign_in(other, "office")
    assert give_code(other, used).status_code == 200
    assert not verified(other)


def test_the_next_address_stays_on_the_site(client, personas):
    device, _codes = enrolled(personas.office)
    sign_in(client, "office")
    assert give_code(client, code(device, 1), next_url="https://evil.example/")["Location"] == "/"


def test_the_next_address_is_never_the_code_page_itself(client, personas):
    device, _codes = enrolled(personas.office)
    sign_in(client, "office")
    assert give_code(client, code(device, 1), next_url="/login/code/?next=/units/")["Location"] == "/"
    assert client.get("/login/code/?next=/login/code/")["Location"] == "/"


def test_the_code_page_sends_others_away(client, personas):
    assert client.get("/login/code/?next=/units/")["Location"] == "/login/?next=/units/"
    client.force_login(personas.leader)
    assert client.get("/login/code/?next=/units/")["Location"] == "/units/"


# --- throttling ---------------------------------------------------------------------------------------------------


def test_five_wrong_codes_end_the_session_and_lock_the_username(client, personas):
    device, _codes = enrolled(personas.office)
    sign_in(client, "office")
    answers = [give_code(client, "000000" if code(device) != "000000" else "111111") for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert WRONG_CODE in answers[0].content.decode()
    assert '<input type="text" name="otp_token" ' in answers[0].content.decode()
    assert 'value="000000"' not in answers[0].content.decode() and 'value="111111"' not in answers[0].content.decode()
    assert LOCKED in answers[4].content.decode()
    assert 'id="login"' in answers[4].content.decode()
    assert not signed_in(client)
    assert sign_in(client, "office").status_code == 429
    assert AccessAttempt.objects.get().failures_since_start == 6
    # Not even the right code after the right password from that address, until the cool-off ends.
    assert not signed_in(client)


def test_a_session_still_waiting_for_its_code_is_refused_once_the_username_is_locked(client, personas):
    device, _codes = enrolled(personas.office)
    waiting = Client()
    sign_in(waiting, "office")
    sign_in(client, "office")
    wrong = "000000" if code(device) != "000000" else "111111"
    assert [give_code(client, wrong).status_code for _ in range(5)][-1] == 429
    answer = give_code(waiting, code(device, 1))  # the right code, from the same address, during the lock
    assert answer.status_code == 429
    assert LOCKED in answer.content.decode()
    assert not signed_in(waiting)


def test_signing_in_again_does_not_clear_the_wrong_codes(client, personas):
    device, _codes = enrolled(personas.office)
    sign_in(client, "office")
    wrong = "000000" if code(device) != "000000" else "111111"
    [give_code(client, wrong) for _ in range(4)]
    client.post(reverse("logout"))
    sign_in(client, "office")
    assert give_code(client, wrong).status_code == 429


def test_wrong_passwords_and_wrong_codes_add_up(client, personas):
    device, _codes = enrolled(personas.office)
    [client.post(reverse("login"), {"username": "office", "password": "sai"}, REMOTE_ADDR=ADDRESS) for _ in range(3)]
    sign_in(client, "office")
    wrong = "000000" if code(device) != "000000" else "111111"
    assert [give_code(client, wrong).status_code for _ in range(2)] == [200, 429]


def test_the_right_code_clears_the_count(client, personas):
    device, _codes = enrolled(personas.office)
    sign_in(client, "office")
    wrong = "000000" if code(device) != "000000" else "111111"
    [give_code(client, wrong) for _ in range(4)]
    assert give_code(client, code(device, 1))["Location"] == "/"
    assert not AccessAttempt.objects.exists()


def test_django_otps_back_off_asks_to_wait(client, personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 10
    device, _codes = enrolled(personas.office)
    sign_in(client, "office")
    wrong = "000000" if code(device) != "000000" else "111111"
    give_code(client, wrong)
    answer = give_code(client, code(device, 1))  # right, but too soon after a wrong one
    assert answer.status_code == 200
    assert not verified(client)
    assert re.search(r"Xin chờ (\d+) giây trước lần thử sau\.", answer.content.decode())


# --- roles that must use it -----------------------------------------------------------------------------------


def test_by_default_no_role_must_set_it_up(client, personas):
    sign_in(client, "office")
    assert client.get("/").status_code == 200


def test_a_role_that_must_is_sent_to_set_it_up_before_anything_else(client, personas, settings):
    settings.OTP_REQUIRED_ROLES = ["emulation_office", "admin"]
    sign_in(client, "office")
    for path in ["/", "/units/", "/account/tokens/", "/admin/"]:
        assert client.get(path)["Location"] == "/account/two-factor/"
    assert client.get("/api/v1/me").json() == {"detail": ENROL_FIRST}
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    assert 'id="two-factor-required"' in page.content.decode()
    assert 'id="mainnav"' not in page.content.decode()  # no menu of pages that would bounce back here
    assert 'id="account"' not in page.content.decode()

    client.post(reverse("organisation:two_factor_enrol"))
    device = TOTPDevice.objects.get(user=personas.office)
    assert client.post(reverse("organisation:two_factor_confirm"), {"otp_token": code(device)}).status_code == 200
    assert client.get("/").status_code == 200


def test_other_roles_are_not_asked(client, personas, settings):
    settings.OTP_REQUIRED_ROLES = ["emulation_office"]
    sign_in(client, "officer")
    assert client.get("/").status_code == 200


def test_a_superuser_counts_as_an_admin(client, personas, settings):
    settings.OTP_REQUIRED_ROLES = ["admin"]
    sign_in(client, "admin")
    assert client.get("/admin/")["Location"] == "/account/two-factor/"


def test_a_misspelt_role_fails_loudly(personas, settings):
    settings.OTP_REQUIRED_ROLES = ["office"]
    with pytest.raises(ImproperlyConfigured):
        otp.must_enrol(personas.office)


# --- the administrator ------------------------------------------------------------------------------------------


def test_the_admin_resets_a_users_second_factor_with_an_audited_action(client, personas):
    enrolled(personas.office)
    client.force_login(personas.admin)
    url = reverse("admin:organisation_user_changelist")
    answer = client.post(
        url,
        {"action": "reset_second_factor", "_selected_action": [personas.office.pk, personas.leader.pk]},
        follow=True,
    )
    assert [str(m) for m in answer.context["messages"]] == ["Đã đặt lại xác thực hai lớp của: office."]
    assert not TOTPDevice.objects.filter(user=personas.office).exists()
    assert not StaticDevice.objects.filter(user=personas.office).exists()
    row = AuditEvent.objects.filter(object_type="organisation.user").latest("id")
    assert (row.actor, row.object_id, row.changes) == (
        personas.admin,
        str(personas.office.pk),
        {"second_factor": ["on", "off"]},
    )
    fresh = Client()
    sign_in(fresh, "office")
    assert fresh.get("/").status_code == 200


def test_the_admin_has_no_page_that_shows_a_key(client, personas):
    client.force_login(personas.admin)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_deleting_a_user_in_the_admin_audits_no_key_or_code(client, personas):
    device, codes = enrolled(personas.office)
    client.force_login(personas.admin)
    url = reverse("admin:organisation_user_delete", args=[personas.office.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    rows = AuditEvent.objects.filter(action="delete")
    assert rows.get(object_type="otp_totp.totpdevice").changes["key"] == ["***", "***"]
    assert [r.changes["token"] for r in rows.filter(object_type="otp_static.statictoken")] == [["***", "***"]] * 10
    written = " ".join(str(r.changes) for r in rows)
    assert device.key not in written
    assert not [c for c in codes if c in written]
