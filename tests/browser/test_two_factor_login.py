"""The second factor in a browser (issue 17): setting up the app from the user menu's page (QR code, the key,
the first code, the backup codes), then signing in with the password and the code, on a phone and a desktop.
With TWO_FACTOR_SHOTS=<folder> each screen is also saved as a PNG to look at."""

import os
import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.keypages import PHONE, context_options

pytestmark = pytest.mark.django_db(transaction=True)
DESKTOP = {"width": 1366, "height": 768}
SHOTS = os.environ.get("TWO_FACTOR_SHOTS", "")


def code(device, steps_ahead=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def shot(page, name, size):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}-{size['width']}.png"), full_page=True)


def fits(page):
    """Nothing wider than the window (the page scrolls only down)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1366"])
def test_set_up_then_sign_in_with_the_code(browser, personas, live_server, size, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    context = browser.new_context(**context_options(size))
    context.set_default_timeout(10_000)
    page = context.new_page()
    base = live_server.url

    page.goto(f"{base}/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "matkhau-demo-2025")
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    page.goto(f"{base}/account/two-factor/")
    expect(page.locator("h1")).to_have_text("Xác thực hai lớp")
    shot(page, "two-factor-off", size)
    page.locator("#two-factor-off").get_by_role("button", name="Bật xác thực hai lớp").click()
    expect(page.locator("#two-factor-qr svg")).to_be_visible()
    fits(page)
    shot(page, "two-factor-pending", size)

    device = TOTPDevice.objects.get(user=personas.office)
    page.fill("#id_otp_token", code(device))
    page.locator("#two-factor-confirm").get_by_role("button", name="Xác nhận và bật").click()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    fits(page)
    shot(page, "two-factor-codes", size)
    page.get_by_role("link", name="Tôi đã lưu các mã").click()
    expect(page.locator("#two-factor-on")).to_contain_text("Đang bật")
    fits(page)
    shot(page, "two-factor-on", size)

    # A new browser: the password, then the code page, then home.
    fresh = browser.new_context(**context_options(size))
    page = fresh.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "matkhau-demo-2025")
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    expect(page.locator("#login-code h1")).to_have_text("Xác thực hai lớp")
    assert re.search(r"/login/code/\?next=", page.url)
    fits(page)
    shot(page, "login-code", size)
    page.fill("#id_otp_token", "000000" if code(device, 1) != "000000" else "111111")
    with page.expect_navigation():
        page.press("#id_otp_token", "Enter")
    expect(page.locator("#login-code")).to_contain_text("Mã xác thực không đúng hoặc đã dùng.")
    shot(page, "login-code-wrong", size)
    page.fill("#id_otp_token", code(device, 1))
    with page.expect_navigation():
        page.press("#id_otp_token", "Enter")
    expect(page.locator("h1")).to_contain_text("Xin chào")
    assert page.url == f"{base}/"
    context.close()
    fresh.close()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1366"])
def test_a_role_that_must_use_it_lands_on_the_set_up_page(browser, personas, live_server, size, settings):
    settings.OTP_REQUIRED_ROLES = ["emulation_office"]
    context = browser.new_context(**context_options(size))
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "matkhau-demo-2025")
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/account/two-factor/")
    expect(page.locator("#two-factor-required")).to_contain_text("bắt buộc xác thực hai lớp")
    expect(page.locator("#mainnav")).to_have_count(0)
    fits(page)
    shot(page, "two-factor-required", size)
    context.close()
