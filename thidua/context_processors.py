"""What every page's frame needs to know about the user: the menu entries that lead somewhere for them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisation import permissions as org_perms

# (key, URL name, icon from Bootstrap Icons, label, who sees it). The key matches the ``nav`` a view puts in
# its context to mark the current entry.
ENTRIES = [
    ("home", "organisation:home", "house", _("Trang của tôi"), None),
    ("units", "organisation:unit_tree", "diagram-3", _("Đơn vị"), None),
    ("cycle", "cycle:block_list", "flag", _("Thi đua"), None),
    ("people", "organisation:person_list", "people", _("Cán bộ"), None),
    ("awards", "eligibility:eligibility", "clipboard-check", _("Xét khen thưởng"), None),
    ("commendation", "commendation:proposal_list", "award", _("Khen thưởng"), None),
    ("import", "organisation:import_start", "file-earmark-arrow-up", _("Nhập Excel"), "import"),
    ("history_import", "eligibility:history_import", "clock-history", _("Nhập lịch sử"), "import"),
    ("jobs", "jobs:job_list", "hourglass-split", _("Công việc"), "import"),
    ("stats", "stats:stats_dashboard", "bar-chart-line", _("Thống kê"), "stats"),
    ("news", "news:news_list", "newspaper", _("Thông tin thi đua"), None),
    ("audit", "organisation:audit_log", "journal-text", _("Nhật ký thay đổi"), "admin"),
    ("admin", "admin:index", "gear", _("Quản trị"), "staff"),
]


def menu(request) -> dict:
    """Menu entries a user's roles may open: the statistics need a read role (or the admin), the Excel
    import a write role, the audit log the admin role, the Django admin staff status. The others open for
    every signed-in user (each page narrows to their scope)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    admin = org_perms.is_admin(user)
    allowed = {
        None: True,
        "stats": admin or bool(org_perms.read_paths(user)),
        "import": org_perms.can_import(user),
        "staff": user.is_staff,
        "admin": admin,
    }
    items = [
        {"key": key, "url": reverse(name), "icon": icon, "label": label}
        for key, name, icon, label, need in ENTRIES
        if allowed[need]
    ]
    return {"menu": {"items": items, "stats": allowed["stats"], "import": allowed["import"]}}
