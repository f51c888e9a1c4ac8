"""Who sees which job: its starter, and whoever ``settings.JOBS_SEES_ALL`` names (the project's administrators:
``organisation.permissions.is_admin``; a dotted path because jobs sits below the app that defines roles).
Anyone else gets 404."""

import functools

from django.conf import settings
from django.http import Http404
from django.utils.module_loading import import_string

from jobs.models import Job


@functools.cache
def _sees_all_check(path: str):
    return import_string(path)


def sees_all(user) -> bool:
    if not user.is_authenticated:
        return False
    path = getattr(settings, "JOBS_SEES_ALL", "")
    return bool(_sees_all_check(path)(user)) if path else user.is_superuser


def jobs_for_user(user, *, everyone: bool = False):
    """The user's own jobs, newest first; everyone's for one who sees all and asks for them."""
    jobs = Job.objects.select_related("started_by").order_by("-created_at", "-id")
    if everyone and sees_all(user):
        return jobs
    return jobs.filter(started_by=user)


def get_job_for_user(user, pk) -> Job:
    job = Job.objects.select_related("started_by").filter(pk=pk).first()
    if job is None or not (job.started_by_id == user.pk or sees_all(user)):
        raise Http404
    return job
