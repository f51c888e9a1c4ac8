"""The second factor on the API (issue 17): ``POST /auth/token`` needs the ``otp`` field for a user who has
turned it on (401 without a valid code; wrong codes counted and locked like wrong passwords), refuses a role that
must use it without one (403); a half-signed-in browser session opens no operation; bearer keys are untouched."""

import datetime
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP

from organisation import services
from organisation.services import two_factor

URL = "/api/v1/auth/token"
PASSWORD = "matkhau-demo-2025"
CODE_NEEDED = (
    "Tài khoản này đã bật xác thực hai lớp: cần gửi kèm mã 6 chữ số từ ứng dụng xác thực "
    "(hoặc một mã dự phòng) trong trường otp."
)
WRONG_CODE = "Mã xác thực hai lớp không đúng hoặc đã dùng."
ENROL_FIRST = "Vai trò của bạn bắt buộc xác thực hai lớp: hãy thiết lập trên trang “Xác thực hai lớp” trước."
LOCKED = "Tài khoản tạm thời bị khoá vì đăng nhập sai 5 lần liên tiếp. Xin thử lại sau 15 phút."


def code(device, steps_ahead=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong(device) -> str:
    return "000000" if code(device) != "000000" else "111111"


def enrolled(user):
    device = two_factor.start_enrolment(user)
    codes = two_factor.confirm_device(device, code(device))
    device.refresh_from_db()
    return device, codes


def ask(client, otp=None, username="office"):
    body = {"username": username, "password": PASSWORD, "name": "Đồng bộ"}
    if otp is not None:
        body["otp"] = otp
    return client.post(URL, body, content_type="application/json", REMOTE_ADDR="10.1.2.3")


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.OTP_REQUIRED_ROLES = []
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_without_a_second_factor_the_password_is_enough(client, personas):
    answer = ask(client)
    assert answer.status_code == 201
    assert answer.json()["name"] == "Đồng bộ"
    assert ask(client, otp="123456").status_code == 201  # an otp nobody asked for is ignored


def test_with_a_second_factor_a_missing_code_is_a_401_saying_a_code_is_needed(client, personas):
    enrolled(personas.office)
    answer = ask(client)
    assert (answer.status_code, answer.json()) == (401, {"detail": CODE_NEEDED})
    assert (ask(client, otp="").status_code, ask(client, otp="   ").json()) == (401, {"detail": CODE_NEEDED})
    assert not personas.office.api_tokens.exists()


def test_a_wrong_code_is_a_401_and_the_right_one_issues_the_key(client, personas):
    device, _codes = enrolled(personas.office)
    answer = ask(client, otp=wrong(device))
    assert (answer.status_code, answer.json()) == (401, {"detail": WRONG_CODE})
    assert not personas.office.api_tokens.exists()
    answer = ask(client, otp=code(device, 1))
    assert answer.status_code == 201
    assert answer.json()["key"].startswith("td_")
    assert personas.office.api_tokens.count() == 1


def test_a_backup_code_issues_the_key_once(client, personas):
    _device, codes = enrolled(personas.office)
    assert ask(client, otp=codes[0]).status_code == 201
    assert ask(client, otp=codes[0]).json() == {"detail": WRONG_CODE}


def test_five_wrong_codes_lock_the_username_like_wrong_passwords(client, personas):
    device, _codes = enrolled(personas.office)
    answers = [ask(client, otp=wrong(device)) for _ in range(5)]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]
    assert answers[4].json() == {"detail": LOCKED}
    right = ask(client, otp=code(device, 1))
    assert (right.status_code, right.json()) == (429, {"detail": LOCKED})
    assert not personas.office.api_tokens.exists()


def test_a_role_that_must_use_it_gets_no_key_before_setting_it_up(client, personas, settings):
    settings.OTP_REQUIRED_ROLES = ["emulation_office"]
    answer = ask(client)
    assert (answer.status_code, answer.json()) == (403, {"detail": ENROL_FIRST})
    assert ask(client, username="leader").status_code == 201
    device, _codes = enrolled(personas.office)
    assert ask(client, otp=code(device, 1)).status_code == 201


def test_a_half_signed_in_session_opens_no_operation_but_a_bearer_key_still_works(personas):
    device, _codes = enrolled(personas.office)
    _token, raw = services.issue_api_token(personas.office, name="Đồng bộ", by=personas.office)
    browser = Client()
    browser.post("/login/", {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert browser.get("/api/v1/me").status_code == 401
    assert browser.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"] == "office"
    browser.post("/login/code/", {"otp_token": code(device, 1)}, REMOTE_ADDR="10.1.2.3")
    assert browser.get("/api/v1/me").json()["username"] == "office"


def test_the_schema_documents_the_otp_field_and_the_answers(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/auth/token"]["post"]
    assert sorted(operation["responses"]) == ["201", "401", "403"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][body]
    assert fields["required"] == ["username", "password", "name"]
    assert fields["properties"]["otp"]["description"].startswith("Mã xác thực hai lớp: 6 chữ số")
    assert "otp" in operation["description"]


# --- reading one's own, and an administrator's reset ------------------------------------------------------------


def bearer(user) -> dict:
    _token, raw = services.issue_api_token(user, name="Thử", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_user_reads_whether_their_second_factor_is_on(client, personas):
    auth = bearer(personas.office)
    assert client.get("/api/v1/me/two-factor", **auth).json() == {"enabled": False, "backup_codes_left": 0}
    _device, codes = enrolled(personas.office)
    assert ask(client, otp=codes[0]).status_code == 201
    assert client.get("/api/v1/me/two-factor", **auth).json() == {"enabled": True, "backup_codes_left": 9}


def test_an_administrator_resets_the_second_factor_of_a_user_they_manage(client, personas, org):
    from audit.models import AuditEvent
    from organisation.models import Role, RoleGrant

    enrolled(personas.office)
    enrolled(personas.outsider)
    unit_admin = type(personas.office).objects.create_user(username="qb_admin", password=PASSWORD)
    RoleGrant.objects.create(user=unit_admin, role=Role.ADMIN, unit=org.caqb)
    auth = bearer(unit_admin)

    answer = client.post(f"/api/v1/users/{personas.office.pk}/second-factor/reset", **auth)
    assert (answer.status_code, answer.json()) == (200, {"detail": "Đã đặt lại xác thực hai lớp của office."})
    assert two_factor.confirmed_device(personas.office) is None
    row = AuditEvent.objects.filter(object_type="organisation.user").latest("id")
    assert (row.actor, row.object_id, row.changes) == (
        unit_admin,
        str(personas.office.pk),
        {"second_factor": ["on", "off"]},
    )
    again = client.post(f"/api/v1/users/{personas.office.pk}/second-factor/reset", **auth)
    assert again.json() == {"detail": "office chưa bật xác thực hai lớp."}

    outside = client.post(f"/api/v1/users/{personas.outsider.pk}/second-factor/reset", **auth)
    assert outside.status_code == 404  # Hưng Yên's officer is not this administrator's
    assert two_factor.confirmed_device(personas.outsider) is not None
    own = client.post(f"/api/v1/users/{personas.leader.pk}/second-factor/reset", **bearer(personas.leader))
    assert own.status_code == 403  # one's own account, without managing it: turned off on the page, with the password
    other = client.post(f"/api/v1/users/{personas.outsider.pk}/second-factor/reset", **bearer(personas.office))
    assert other.status_code == 404
