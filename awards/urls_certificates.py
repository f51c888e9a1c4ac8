from django.urls import path

from awards.views import certificates

urlpatterns = [
    path("certificates/templates/", certificates.template_list, name="certificate_templates"),
    path("certificates/templates/<int:pk>/", certificates.template_edit, name="certificate_template_edit"),
    path(
        "certificates/templates/<int:pk>/test-page.pdf",
        certificates.template_test_page,
        name="certificate_template_test_page",
    ),
    path(
        "certificates/templates/<int:pk>/preview.pdf",
        certificates.template_preview,
        name="certificate_template_preview",
    ),
    path("certificates/decisions/<int:pk>/", certificates.decision_certificates, name="decision_certificates"),
    path(
        "certificates/decisions/<int:pk>/certificates.pdf", certificates.decision_pdf, name="decision_certificates_pdf"
    ),
    path(
        "certificates/decisions/<int:pk>/draft.pdf",
        certificates.decision_pdf,
        {"draft": True},
        name="decision_certificates_draft",
    ),
    path("certificates/lines/<int:pk>/certificate.pdf", certificates.line_pdf, name="certificate_pdf"),
    path("certificates/lines/<int:pk>/draft.pdf", certificates.line_pdf, {"draft": True}, name="certificate_draft"),
]
