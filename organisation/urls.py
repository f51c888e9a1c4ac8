from django.urls import path

from organisation.views import accounts, audit_log, imports, people, tokens, two_factor, units

app_name = "organisation"

urlpatterns = [
    path("", units.home, name="home"),
    path("units/", units.unit_tree, name="unit_tree"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("units/<int:pk>/children/", units.unit_children, name="unit_children"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
    path("people/", people.person_list, name="person_list"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/transfer/", people.person_transfer, name="person_transfer"),
    path("people/<int:pk>/rating/", people.person_rating, name="person_rating"),
    path("import/", imports.import_start, name="import_start"),
    path("import/template/<str:kind>.xlsx", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_status, name="import_status"),
    path("audit/", audit_log.audit_log, name="audit_log"),
    path("account/password/", accounts.password_change, name="password_change"),
    path("account/two-factor/", two_factor.two_factor, name="two_factor"),
    path("account/two-factor/enrol/", two_factor.two_factor_enrol, name="two_factor_enrol"),
    path("account/two-factor/confirm/", two_factor.two_factor_confirm, name="two_factor_confirm"),
    path("account/two-factor/backup-codes/", two_factor.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("account/two-factor/remove/", two_factor.two_factor_remove, name="two_factor_remove"),
    path("account/tokens/", tokens.token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
