"""The API does everything the pages do (issue 15): every page action that writes has an API operation.

**Which pages write.** A page writes when it accepts POST. We read that from the URL resolver, the
way Django itself decides it, without calling anything:

- a function view wrapped by ``require_http_methods`` (``require_POST`` is one) keeps its allowed
  methods in the decorator's closure (``request_method_list``); Django answers 405 to any other
  method, so the list is exactly what the view accepts;
- a class-based view accepts the methods it has a handler for (``post`` among ``http_method_names``);
- a view with neither accepts every method, and we count it as a writer when its own source reads
  ``POST`` (``request.method == "POST"``, ``request.POST``): a view that never looks at the method
  treats a POST as a GET and writes nothing.

Calling each view with a POST as an administrator was the alternative; it needs a real object for
every path parameter and still cannot tell a 400 "bad form" from a write, so the static reading is
both cheaper and sounder. A page written later without a method decorator is still caught, by its
source.

**Where they may be mapped.** Each writing page is in exactly one of two tables below: ``COVERED``
(page name → the operationIds of the OpenAPI document that do the same) or ``EXCEPTIONS`` (page name
→ why it has none: either by design, or "missing: issue 15", the work left). The Django admin
(``admin:``, the administrators' back office over the same services) and the API itself (``api:``)
are not pages of the product and are left out as namespaces.
"""

import inspect

import pytest
from django.urls import URLResolver, get_resolver

from api.api import api

MISSING = "missing: issue 15"

# Page (URL name) → the API operations that do what it does.
COVERED: dict[str, tuple[str, ...]] = {
    # organisation
    "organisation:unit_edit": ("api_routers_units_update_unit",),
    "organisation:person_edit": ("api_routers_people_update_person",),
    "organisation:person_transfer": ("api_routers_people_transfer_person",),
    "organisation:password_change": ("api_routers_users_change_password",),
    "organisation:token_list": ("api_routers_users_create_token",),
    "organisation:token_revoke": ("api_routers_users_revoke_token",),
    "organisation:person_rating": ("api_routers_people_set_person_rating", "api_routers_people_set_ratings"),
    # cycle: movements and blocks
    "cycle:movement_create": ("api_routers_cycle_create_movement",),
    "cycle:movement_edit": ("api_routers_cycle_update_movement",),
    "cycle:block_create": ("api_routers_cycle_create_block",),
    "cycle:block_edit": ("api_routers_cycle_update_block", "api_routers_cycle_set_members"),
    "cycle:block_leaders": ("api_routers_cycle_set_leaders",),
    "cycle:block_copy": ("api_routers_cycle_copy_block",),
    # cycle: pledges
    "cycle:pledge_detail": ("api_routers_cycle_create_pledge",),
    "cycle:pledge_version": ("api_routers_cycle_create_pledge",),
    "cycle:pledge_edit": ("api_routers_cycle_update_pledge",),
    "cycle:clause_add": ("api_routers_cycle_add_clause",),
    "cycle:clause_edit": ("api_routers_cycle_edit_clause",),
    "cycle:clause_delete": ("api_routers_cycle_delete_clause",),
    "cycle:clause_move": ("api_routers_cycle_move_clause",),
    "cycle:pledge_adopt": ("api_routers_cycle_adopt_pledge",),
    "cycle:pledge_sign": ("api_routers_cycle_sign_pledge",),
    "cycle:pledge_revise": ("api_routers_cycle_revise_pledge",),
    # cycle: registration, reports, conferences
    "cycle:registration_edit": ("api_routers_cycle_save_registration",),
    "cycle:registration_confirm": ("api_routers_cycle_confirm_registration",),
    "cycle:registration_results": (
        "api_routers_cycle_record_target_results",
        "api_routers_cycle_record_block_results",
    ),
    "cycle:registration_results_confirm": ("api_routers_cycle_confirm_target_results",),
    "cycle:report_edit": ("api_routers_cycle_save_report",),
    "cycle:report_submit": ("api_routers_cycle_submit_report",),
    "cycle:report_return": ("api_routers_cycle_return_report",),
    "cycle:report_accept": ("api_routers_cycle_accept_report",),
    "cycle:attachment_upload": ("api_routers_cycle_add_attachment",),
    "cycle:attachment_delete": ("api_routers_cycle_delete_attachment",),
    "cycle:conference_create": ("api_routers_cycle_create_conference",),
    "cycle:attendance_edit": ("api_routers_cycle_record_attendance",),
    # scoring
    "scoring:rubric_create": ("api_routers_scoring_create_rubric",),
    "scoring:rubric_copy": ("api_routers_scoring_copy_rubric",),
    "scoring:rubric_settings": ("api_routers_scoring_update_rubric",),
    "scoring:rubric_open": ("api_routers_scoring_open_rubric",),
    "scoring:rubric_close": ("api_routers_scoring_close_rubric",),
    "scoring:rubric_revise": ("api_routers_scoring_revise_rubric",),
    "scoring:criterion_add": ("api_routers_scoring_add_criterion",),
    "scoring:criterion_edit": ("api_routers_scoring_update_criterion",),
    "scoring:criterion_delete": ("api_routers_scoring_delete_criterion",),
    "scoring:assignments": ("api_routers_scoring_add_assignment",),
    "scoring:assignment_remove": ("api_routers_scoring_remove_assignment",),
    "scoring:cell_save": (
        "api_routers_scoring_save_cell",
        "api_routers_scoring_save_cross_cell",
        "api_routers_scoring_save_cells",
    ),
    "scoring:unit_report": ("api_routers_scoring_request_explanation",),
    "scoring:explanation_answer": ("api_routers_scoring_answer_explanation",),
    # voting
    "voting:election_open": ("api_routers_voting_open_election",),
    "voting:election_close": ("api_routers_voting_close_election",),
    "voting:ballot": ("api_routers_voting_cast",),
    "voting:runoff_open": ("api_routers_voting_open_runoff",),
    "voting:election_create": ("api_routers_voting_create_election",),
    "voting:question_add": ("api_routers_voting_add_question",),
    "voting:leaders_add": ("api_routers_voting_add_leaders",),
    "voting:roll_edit": ("api_routers_voting_set_roll",),
    "voting:election_apply": ("api_routers_voting_apply_leaders",),
    "voting:question_delete": ("api_routers_voting_delete_question",),
    "voting:paper_count": ("api_routers_voting_record_paper_count",),
    # eligibility: rule sets, facts, standings
    "eligibility:ruleset_copy": ("api_routers_awards_create_ruleset_copy",),
    "eligibility:ruleset_edit": ("api_routers_awards_update_ruleset_copy",),
    "eligibility:ruleset_activate": (
        "api_routers_awards_activate_ruleset_copy",
        "api_routers_awards_deactivate_ruleset_copy",
    ),
    "eligibility:fact_add": ("create_initiative", "create_discipline", "create_pendingcase", "create_achievement"),
    "eligibility:fact_edit": ("update_initiative", "update_discipline", "update_pendingcase", "update_achievement"),
    "eligibility:fact_delete": ("delete_initiative", "delete_discipline", "delete_pendingcase", "delete_achievement"),
    "eligibility:block_standings": ("api_routers_awards_set_standings",),
    "eligibility:block_standings_from_results": ("api_routers_awards_standings_from_results",),
    "eligibility:history_import": ("api_routers_history_import_history",),
    # commendation: quotas and proposals
    "commendation:quota_list": ("api_routers_proposals_set_quota",),
    "commendation:quota_delete": ("api_routers_proposals_delete_quota",),
    "commendation:proposal_create": ("api_routers_proposals_create",),
    "commendation:proposal_line_add": ("api_routers_proposals_add_line",),
    "commendation:proposal_line_remove": ("api_routers_proposals_remove_line",),
    "commendation:proposal_line_justify": ("api_routers_proposals_justify",),
    "commendation:proposal_submit": ("api_routers_proposals_submit",),
    "commendation:proposal_resubmit": ("api_routers_proposals_resubmit",),
    "commendation:proposal_return": ("api_routers_proposals_return_",),
    "commendation:proposal_start_review": ("api_routers_proposals_review",),
    # commendation: council meetings
    "commendation:meeting_create": ("api_routers_decisions_create_meeting",),
    "commendation:meeting_members": ("api_routers_decisions_set_members",),
    "commendation:meeting_agenda": ("api_routers_decisions_set_agenda",),
    "commendation:meeting_hold": ("api_routers_decisions_hold_meeting",),
    "commendation:meeting_vote": ("api_routers_decisions_open_vote",),
    "commendation:meeting_result": ("api_routers_decisions_record_result",),
    "commendation:meeting_second_round": ("api_routers_decisions_second_round",),
    "commendation:meeting_close": ("api_routers_decisions_close_meeting",),
    # commendation: decisions and certificates
    "commendation:decision_create": ("api_routers_decisions_create_decision",),
    "commendation:decision_external": (
        "api_routers_decisions_record_external",
        "api_routers_decisions_import_external",
    ),
    "commendation:decision_edit": ("api_routers_decisions_update_decision",),
    "commendation:decision_issue": ("api_routers_decisions_issue",),
    "commendation:decision_annul": ("api_routers_decisions_annul",),
    "commendation:decision_scan_upload": ("api_routers_decisions_upload_scan",),
    "commendation:certificate_template_edit": ("api_routers_certificates_template_patch",),
    "commendation:certificate_template_copy": ("api_routers_certificates_template_copy",),
    "commendation:decision_certificates_job": ("api_routers_certificates_start_decision_certificates",),
    # stats
    "stats:stats_report_job": ("api_routers_stats_start_report",),
    # news
    "news:news_edit": ("api_routers_news_update",),
    "news:news_publish": ("api_routers_news_publish",),
    "news:news_generate": ("api_routers_news_generate",),
    # issue 15: the pages' last writes
    "organisation:import_start": ("api_routers_imports_start_import",),
    "cycle:registration_import": ("api_routers_cycle_import_registration",),
    "cycle:outline_edit": ("api_routers_cycle_save_outline",),
    "cycle:conference_detail": ("api_routers_cycle_update_conference",),
    "scoring:rubric_import": ("api_routers_scoring_import_rubric",),
    "scoring:evidence_upload": ("api_routers_scoring_upload_evidence",),
    "scoring:evidence_delete": ("api_routers_scoring_delete_evidence",),
    "commendation:proposal_report_edit": ("api_routers_proposals_save_report",),
    "commendation:proposal_prefill": ("api_routers_proposals_prefill",),
    "commendation:proposal_check": ("api_routers_proposals_check",),
    "commendation:proposal_lines_exclude": ("api_routers_proposals_exclude",),
    "commendation:proposal_lines_restore": ("api_routers_proposals_restore_exclusions",),
    "commendation:proposal_dossier_job": ("api_routers_proposals_start_dossier",),
    "commendation:proposal_file_upload": ("api_routers_proposals_upload_file",),
    "commendation:notice_create": ("api_routers_notices_publish_notice",),
    "commendation:notice_detail": ("api_routers_notices_add_comment",),
    "commendation:decision_line_remove": ("api_routers_decisions_remove_line",),
    "commendation:decision_delete": ("api_routers_decisions_delete_decision",),
    "commendation:decision_publish": ("api_routers_disclosure_publish_decision",),
    "commendation:proposal_publish": ("api_routers_disclosure_publish_proposal",),
}

# Page (URL name) → why no API operation does it.
EXCEPTIONS: dict[str, str] = {
    # By design: the browser's own session and display, which a bearer-token client has no use for.
    "login": "signs a browser in; API clients authenticate with a bearer key instead",
    "logout": "ends a browser session; an API key is revoked through the API instead",
    "set_language": "the language switch stores a cookie for the pages; the API has no display language",
    "login_code": "the second step of a browser's sign-in; POST /auth/token takes the code in its otp field",
    # The second factor guards sign-ins; it is set up where its QR code is scanned, and an API key cannot stand in
    # for the password and code that setting it up or turning it off needs.
    "organisation:two_factor_enrol": "sets up the browser sign-in's second factor: shows a QR code to scan",
    "organisation:two_factor_confirm": "confirms the second factor with its first code and shows the backup codes once",
    "organisation:two_factor_backup_codes": "new backup codes for the browser sign-in, after the password",
    "organisation:two_factor_remove": "turns the second factor off, after the password",
    "cycle:notification_read_all": "marks the page's notification bell as read: a display state of the pages",
    # The work left.
}

LEFT_OUT_NAMESPACES = ("admin", "api")


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from _walk(pattern.url_patterns, inner)
        else:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def _allowed_methods(view) -> set[str] | None:
    """The methods a ``require_http_methods`` layer allows, or None if the view has no such layer."""
    layer = view
    while layer is not None:
        methods = inspect.getclosurevars(layer).nonlocals.get("request_method_list")
        if methods is not None:
            return {m.upper() for m in methods}
        layer = getattr(layer, "__wrapped__", None)
    return None


def accepts_post(view) -> bool:
    if (view_class := getattr(view, "view_class", None)) is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    if (methods := _allowed_methods(view)) is not None:
        return "POST" in methods
    return "POST" in inspect.getsource(inspect.unwrap(view))


def writing_pages() -> dict[str, object]:
    pages = {}
    for name, view in _walk(get_resolver().url_patterns):
        if name and name.split(":")[0] in LEFT_OUT_NAMESPACES:
            continue
        if accepts_post(view):
            assert name, f"a writing page without a URL name: {view.__module__}.{view.__name__}"
            pages[name] = view
    return pages


def operation_ids() -> set[str]:
    schema = api.get_openapi_schema()
    return {op["operationId"] for item in schema["paths"].values() for op in item.values()}


def test_the_reading_of_methods_is_sound():
    """The three ways a view says it takes POST, each read as Django enforces it."""
    from django.contrib.auth.views import LoginView
    from django.views.decorators.http import require_GET, require_http_methods, require_POST

    def form_page(request):
        if request.method == "POST":
            return None

    def plain_page(request):
        return None

    assert accepts_post(require_POST(plain_page))
    assert accepts_post(require_http_methods(["GET", "POST"])(plain_page))
    assert not accepts_post(require_GET(form_page)), "the decorator wins over the source"
    assert accepts_post(form_page)
    assert not accepts_post(plain_page)
    assert accepts_post(LoginView.as_view())


def test_every_writing_page_has_an_api_operation_or_a_stated_reason():
    pages = writing_pages()
    unmapped = sorted(set(pages) - set(COVERED) - set(EXCEPTIONS))
    assert not unmapped, f"pages that write with no API operation and no stated reason: {unmapped}"


def test_the_tables_name_only_writing_pages_once():
    pages = writing_pages()
    assert not set(COVERED) & set(EXCEPTIONS), "a page is either covered or an exception"
    stale = sorted((set(COVERED) | set(EXCEPTIONS)) - set(pages))
    assert not stale, f"entries for pages that no longer write (or no longer exist): {stale}"


@pytest.mark.parametrize("page", sorted(COVERED))
def test_the_operations_named_exist(page):
    missing = [op for op in COVERED[page] if op not in operation_ids()]
    assert not missing, f"{page}: no such operationId in the OpenAPI document: {missing}"


def test_every_exception_gives_a_reason():
    assert all(reason.strip() for reason in EXCEPTIONS.values())


def test_the_work_left_is_counted():
    """The exception list shows the work left; this number only goes down (edit it when it does)."""
    missing = sorted(name for name, reason in EXCEPTIONS.items() if reason.startswith(MISSING))
    assert not missing, missing
