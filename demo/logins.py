"""The demo's logins: one per role (password ``thidua2025``), each with its scope."""

from organisation.models import Role

DEMO_PASSWORD = "thidua2025"

# (username, role, scope ref, link): link is the person the login belongs to, if any.
LOGINS = [
    ("quantri", Role.ADMIN, "BCA", None),
    ("botdkt", Role.EMULATION_OFFICE, "BCA", None),
    ("thuongtruc", Role.EMULATION_OFFICE, "CAQB", None),
    ("tdkt.px03", Role.UNIT_OFFICER, "CAQB-PX03", None),
    ("chihuy.px03", Role.COMMANDER, "CAQB-PX03", "head"),
    ("hoidong", Role.COUNCIL_MEMBER, "CAQB", None),
    ("lanhdao", Role.LEADER, "CAQB", None),
    ("canbo", Role.OFFICER, "CAQB-PX03", "officer"),
    ("ngoaitinh", Role.EMULATION_OFFICE, "CAHY", None),
]
_SCOPE_NAMES = {
    "BCA": "Bộ Công an",
    "CAQB": "Công an tỉnh Quảng Bình",
    "CAQB-PX03": "Phòng PX03, Công an tỉnh Quảng Bình",
    "CAHY": "Công an tỉnh Hưng Yên",
}
# (username, role label, scope): printed by ``seed_demo`` and by ``demo_logins`` (``make run``).
DEMO_LOGINS: list[tuple[str, str, str]] = [
    (username, str(role.label), f"{_SCOPE_NAMES[ref]} ({ref})") for username, role, ref, _ in LOGINS
]
