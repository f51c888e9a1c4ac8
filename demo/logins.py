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
# The province's Emulation and Commendation Council (``demo.commendation``): every member votes with
# a login linked to them. (username, seat in the council's list: 0 the Director who chairs it, 1–3
# his deputies, 4 the head of PX03, 5 the head of PX01). ``hoidong`` and ``chihuy.px03`` are made
# with the logins above; the others are council members of CAQB, written by ``demo.commendation``
# with the others' password. Not in ``LOGINS``: the pages crawled as ``hoidong`` cover them.
COUNCIL_SEATS: dict[str, int] = {
    "hoidong": 0,
    "hoidong.pgd1": 1,
    "hoidong.pgd2": 2,
    "hoidong.pgd3": 3,
    "chihuy.px03": 4,
    "hoidong.px01": 5,
}
COUNCIL_LOGINS = [name for name in COUNCIL_SEATS if name not in {login[0] for login in LOGINS}]
# (username, role label, scope): printed by ``seed_demo`` and by ``demo_logins`` (``make run``).
DEMO_LOGINS: list[tuple[str, str, str]] = [
    (username, str(role.label), f"{_SCOPE_NAMES[ref]} ({ref})") for username, role, ref, _ in LOGINS
] + [(username, str(Role.COUNCIL_MEMBER.label), f"{_SCOPE_NAMES['CAQB']} (CAQB)") for username in COUNCIL_LOGINS]
