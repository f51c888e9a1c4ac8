"""Every write through the admin leaves an audit row: the test walks ``admin.site._registry`` and, through the
admin's own pages as a superuser, adds, changes, deletes and bulk-deletes an object of every registered model
(or checks that the admin refuses what it does not permit)."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import reverse

from audit.admin import AuditedInlineMixin, AuditedModelAdmin
from audit.models import AuditEvent


class FormData(HTMLParser):
    """What a browser would submit from the admin's main form (``<form id="…_form">``)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.inside = False
        self.select = None  # (name, multiple, [options], [selected])
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("id") or "").endswith("_form")
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self.select:
            self.select[2].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select[3].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple, options, selected = self.select
            chosen = selected or ([] if multiple or not options else options[:1])
            self.data.setdefault(name, []).extend(chosen)
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            self.data.setdefault(name, []).append(text.removeprefix("\n"))
            self.textarea = None


def form_data(response, **changes) -> dict:
    assert response.status_code == 200, response.status_code
    parser = FormData()
    parser.feed(response.content.decode())
    data = {name: values[0] if len(values) == 1 else values for name, values in parser.data.items()}
    data.update({name: str(value) if not isinstance(value, list) else value for name, value in changes.items()})
    return data


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def rows(model, action, pk=None):
    events = AuditEvent.objects.filter(object_type=model._meta.label_lower, action=action)
    return events.filter(object_id=str(pk)) if pk is not None else events


def form_errors(response) -> str:
    if response.status_code != 200 or not response.context:
        return ""
    errors = [response.context["adminform"].form.errors] if "adminform" in response.context else []
    errors += [fs.formset.errors for fs in response.context.get("inline_admin_formsets", [])]
    return str(errors)


# The objects of each registered model, and what its add and change pages are given -------------------------------


@pytest.fixture
def world(org, personas, cycle):
    from scoring.models import Criterion, Rubric

    rubric = Rubric.objects.create(block=cycle.block, version=7, title="Bảng tiêu chí dự thảo")
    criterion = Criterion.objects.create(rubric=rubric, code="I", title="Xây dựng lực lượng", max_points=10)
    return SimpleNamespace(org=org, personas=personas, cycle=cycle, rubric=rubric, criterion=criterion)


def make_unit(w, i):
    from organisation import services
    from organisation.models import Unit

    return services.create_unit(
        by=None, ref=f"CAQB-T{i}", code=f"T{i}", name=f"Phòng thử {i}", kind=Unit.Kind.ROOM, parent=w.org.caqb
    )


def make_person(w, i):
    from organisation import services

    return services.create_person(
        by=None, unit=w.org.ph10, start=datetime.date(2015, 1, 1), ident=f"QB90000{i}", full_name=f"Cán bộ {i}", sex="M"
    )


def make_token(w, i):
    from organisation import services

    return services.issue_api_token(w.personas.officer, name=f"khoá {i}", by=None)[0]


def make_rating(w, i):
    from organisation.models import PersonRating

    return PersonRating.objects.create(person=w.org.people.dung, year=2000 + i, rating="HTTNV")


def make_unit_rating(w, i):
    from organisation.models import UnitRating

    return UnitRating.objects.create(unit=w.org.ph10, year=2000 + i, rating="HTTNV")


def make_unit_change(w, i):
    from organisation.models import UnitChange

    return UnitChange.objects.create(unit=w.org.ph10, kind="renamed", date=datetime.date(2000 + i, 1, 1))


def make_succession(w, i):
    from organisation.models import UnitSuccession

    return UnitSuccession.objects.create(
        predecessor=make_unit(w, 10 + i), successor=w.org.ph10, kind="merged", date=datetime.date(2020, 1, 1)
    )


def make_import(w, i):
    from organisation.models import ImportJob

    return ImportJob.objects.create(
        created_by=w.personas.admin,
        kind="people",
        file=f"imports/t{i}.xlsx",
        original_name=f"t{i}.xlsx",
        status=ImportJob.Status.FAILED,
    )


def make_grant(w, i):
    from organisation.models import Role, RoleGrant

    return RoleGrant.objects.create(user=w.personas.officer, role=Role.LEADER, unit=make_unit(w, 20 + i))


def make_user(w, i):
    from organisation.models import User

    return User.objects.create_user(username=f"nguoidung{i}", password="matkhau-demo-2025")


def make_group(w, i):
    from django.contrib.auth.models import Group

    return Group.objects.create(name=f"Nhóm {i}")


def make_catalogue(model_name):
    def make(w, i):
        from django.apps import apps

        from honours import services

        return services.create_catalogue_entry(
            apps.get_model("honours", model_name),
            by=w.personas.admin,
            code=f"TEST{i}",
            name=f"Danh hiệu thử {i}",
            recipient="individual",
            level="ministry",
            legal_basis="Điều 5 Luật Thi đua, khen thưởng",
        )

    return make


def make_salary(w, i):
    from commendation.services import salaries

    return salaries.create_base_salary(
        by=w.personas.admin,
        valid_from=datetime.date(1991 + i, 1, 1),
        amount=1000000 + i,
        legal_basis=f"Nghị định {i}",
    )


def make_job(w, i):
    from jobs.models import Job

    return Job.objects.create(kind="report", label=f"Báo cáo {i}", status=Job.Status.SUCCEEDED)


def make_rubric(w, i):
    from scoring.models import Rubric

    return Rubric.objects.create(block=w.cycle.block, version=20 + i, title=f"Bảng {i}")


def make_sheet(w, i, rubric=None):
    from scoring.models import Sheet

    return Sheet.objects.create(rubric=rubric or w.rubric, unit=[w.org.px03, w.org.ph10, w.cycle.pv01][i], round="self")


def make_score(w, i):
    from scoring.models import Score

    return Score.objects.create(sheet=make_sheet(w, i), criterion=w.criterion, value=Decimal(5))


def make_evidence(w, i):
    from scoring.models import EvidenceFile

    return EvidenceFile.objects.create(
        sheet=make_sheet(w, i),
        criterion=w.criterion,
        file=f"scoring/x{i}",
        original_name=f"mc{i}.pdf",
        content_type="application/pdf",
        size=10,
    )


def make_explanation(w, i):
    from scoring.models import Explanation

    return Explanation.objects.create(rubric=w.rubric, unit=w.org.px03, criterion=w.criterion, question=f"Vì sao {i}?")


def make_assignment(w, i):
    from scoring.models import Assignment

    units = [w.org.px03, w.org.ph10, w.cycle.pv01]
    return Assignment.objects.create(rubric=w.rubric, unit=units[i], scorer=units[(i + 1) % 3])


def make_attempt(w, i):
    from axes.models import AccessAttempt

    return AccessAttempt.objects.create(
        username=f"u{i}",
        ip_address="127.0.0.1",
        user_agent="x",
        path_info="/login/",
        failures_since_start=3,
        get_data="",
        post_data="",
        http_accept="*/*",
    )


def make_access_log(model_name):
    def make(w, i):
        from django.apps import apps

        model = apps.get_model("axes", model_name)
        return model.objects.create(username=f"u{i}", ip_address="127.0.0.1", user_agent="x", path_info="/login/")

    return make


def add_data(w):
    """Per model: the fields of a valid add form beyond its initial values."""
    org, personas = w.org, w.personas
    return {
        "auth.group": {"name": "Nhóm mới"},
        "organisation.user": {"username": "moi", "password1": "Mk-dai-du-2025!", "password2": "Mk-dai-du-2025!"},
        "organisation.unit": {"ref": "CAQB-MOI", "code": "MOI", "name": "Phòng mới", "kind": "room"},
        "organisation.person": {"ident": "QB999999", "full_name": "Cán bộ mới", "sex": "F"},
        "organisation.rolegrant": {"user": personas.officer.pk, "role": "council_member", "unit": org.px03.pk},
        "organisation.personrating": {"person": org.people.dung.pk, "year": 1999, "rating": "HTTNV"},
        "organisation.unitrating": {"unit": org.ph10.pk, "year": 1999, "rating": "HTTNV"},
        "organisation.unitchange": {"unit": org.ph10.pk, "kind": "renamed", "date": "01/01/1999"},
        "organisation.unitsuccession": {
            "predecessor": org.district.pk,
            "successor": org.ph10.pk,
            "kind": "merged",
            "date": "01/03/2025",
        },
        "honours.title": {
            "code": "MOI",
            "name": "Danh hiệu mới",
            "recipient": "individual",
            "level": "ministry",
            "legal_basis": "Điều 5",
        },
        "honours.awardform": {
            "code": "MOI",
            "name": "Hình thức mới",
            "recipient": "individual",
            "level": "ministry",
            "legal_basis": "Điều 6",
        },
        "commendation.basesalary": {"valid_from": "01/01/1995", "amount": "100000", "legal_basis": "Nghị định mới"},
        "scoring.rubric": {"block": w.cycle.block.pk, "version": 9, "title": "Bảng mới"},
    }


CHANGE = {
    "auth.group": {"name": "Nhóm đổi tên"},
    "organisation.user": {"first_name": "Đổi"},
    "organisation.unit": {"name": "Phòng đổi tên"},
    "organisation.person": {"full_name": "Cán bộ đổi tên"},
    "organisation.rolegrant": {"role": "council_member"},
    "organisation.personrating": {"rating": "HTXSNV"},
    "organisation.unitrating": {"rating": "HTXSNV"},
    "organisation.unitchange": {"new_value": "Tên mới"},
    "organisation.unitsuccession": {"kind": "split"},
    "organisation.apitoken": {"name": "khoá đổi tên"},
    "honours.title": {"name": "Danh hiệu đổi tên"},
    "honours.awardform": {"name": "Hình thức đổi tên"},
    "commendation.basesalary": {"legal_basis": "Nghị định sửa"},
    "scoring.rubric": {"title": "Bảng đổi tên"},
}

MAKE = {
    "auth.group": make_group,
    "organisation.user": make_user,
    "organisation.unit": make_unit,
    "organisation.person": make_person,
    "organisation.rolegrant": make_grant,
    "organisation.personrating": make_rating,
    "organisation.unitrating": make_unit_rating,
    "organisation.unitchange": make_unit_change,
    "organisation.unitsuccession": make_succession,
    "organisation.apitoken": make_token,
    "organisation.importjob": make_import,
    "honours.title": make_catalogue("Title"),
    "honours.awardform": make_catalogue("AwardForm"),
    "commendation.basesalary": make_salary,
    "jobs.job": make_job,
    "scoring.rubric": make_rubric,
    "scoring.assignment": make_assignment,
    "scoring.sheet": make_sheet,
    "scoring.score": make_score,
    "scoring.evidencefile": make_evidence,
    "scoring.explanation": make_explanation,
    "axes.accessattempt": make_attempt,
    "axes.accesslog": make_access_log("AccessLog"),
    "axes.accessfailurelog": make_access_log("AccessFailureLog"),
}

# Registered, but nothing is written through the admin (every add, change and delete refused: checked below).
NOT_WRITABLE = {
    "audit.auditevent": "the audit log itself: written only by audit.services",
    "voting.election": "elections change only through the election pages (voting.services)",
    "voting.question": "questions change only through the election pages (voting.services)",
    "django_tasks_database.dbtaskresult": "the task queue's rows: written only by the queue",
}

# A change page, but every field on it read-only: saving it writes nothing (and records nothing).
NOTHING_EDITABLE = {
    "axes.accessattempt": "django-axes: a sign-in attempt is a record (deleting it unlocks, audited)",
    "axes.accesslog": "django-axes: a sign-in record",
    "axes.accessfailurelog": "django-axes: a failed sign-in record",
}

REGISTERED = sorted(model._meta.label_lower for model in admin.site._registry)


def test_every_admin_and_inline_stands_on_the_audited_base():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedModelAdmin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, AuditedInlineMixin), (model, inline)


def test_every_registered_model_is_covered_here():
    uncovered = [label for label in REGISTERED if label not in MAKE and label not in NOT_WRITABLE]
    assert uncovered == []
    writable = [label for label in REGISTERED if label in MAKE]
    assert [label for label in writable if label not in CHANGE and label not in NOTHING_EDITABLE] == [
        "jobs.job",
        "organisation.importjob",
        "scoring.assignment",
        "scoring.evidencefile",
        "scoring.explanation",
        "scoring.score",
        "scoring.sheet",
    ]


@pytest.mark.parametrize("label", REGISTERED)
def test_every_admin_write_leaves_an_audit_row(label, world, client, rf):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    client.force_login(world.personas.admin)
    request = rf.get("/")
    request.user = world.personas.admin
    made = [MAKE[label](world, i) for i in range(3)] if label in MAKE else []
    missing = "999999999"

    # Add.
    if model_admin.has_add_permission(request):
        before = set(model._base_manager.values_list("pk", flat=True))
        response = client.post(url(model, "add"), form_data(client.get(url(model, "add")), **add_data(world)[label]))
        assert response.status_code == 302, form_errors(response)
        (new,) = set(model._base_manager.values_list("pk", flat=True)) - before
        assert rows(model, AuditEvent.Action.CREATE, new).count() == 1
    else:
        assert client.post(url(model, "add"), {}).status_code == 403

    # Change.
    target = made[0] if made else None
    if target is not None and model_admin.has_change_permission(request, target):
        page = client.get(url(model, "change", target.pk))
        response = client.post(url(model, "change", target.pk), form_data(page, **CHANGE.get(label, {})))
        assert response.status_code == 302, form_errors(response)
        if label in NOTHING_EDITABLE:
            assert not rows(model, AuditEvent.Action.UPDATE, target.pk).exists()
        else:
            (event,) = rows(model, AuditEvent.Action.UPDATE, target.pk)
            assert set(CHANGE[label]) <= set(event.changes)
    else:
        assert client.post(url(model, "change", target.pk if target else missing), {}).status_code == 403

    # Delete, one object through its confirmation page, two through "delete selected".
    if target is not None and model_admin.has_delete_permission(request, target):
        response = client.post(url(model, "delete", target.pk), {"post": "yes"})
        assert response.status_code == 302
        assert rows(model, AuditEvent.Action.DELETE, target.pk).count() == 1
        assert not model._base_manager.filter(pk=target.pk).exists()
        pks = [made[1].pk, made[2].pk]
        response = client.post(
            url(model, "changelist"), {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
        )
        assert response.status_code == 302
        assert not model._base_manager.filter(pk__in=pks).exists()
        assert [rows(model, AuditEvent.Action.DELETE, pk).count() for pk in pks] == [1, 1]
    else:
        pk = target.pk if target else missing
        assert client.post(url(model, "delete", pk), {"post": "yes"}).status_code == 403
        if made:
            client.post(
                url(model, "changelist"), {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
            )
            assert model._base_manager.filter(pk=pk).exists()
