"""Job functions for the tests (a worker, in this process or in a subprocess, imports them by path)."""

import os
import time
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction

from jobs import services


@services.job_function()
def count_groups(job, *, prefix):
    for done in range(1, 4):
        services.progress(job.pk, done, 3, message=f"{done}/3")
    return {"summary": f"{Group.objects.filter(name__startswith=prefix).count()} groups", "url": "/done/"}


@services.job_function()
def explode(job, *, why):
    raise RuntimeError(why)


@services.job_function()
def refuse(job):
    raise services.JobError("Tệp có 2 lỗi; chưa ghi gì.", result={"url": "/errors/"})


def _write_then_sleep(job, names, signal):
    """Writes groups in one transaction; on its first attempt it touches ``signal`` and sleeps inside the
    transaction (the test kills the worker there)."""
    with transaction.atomic():
        for name in names:
            Group.objects.create(name=name)
        if job.attempts == 1:
            Path(signal).write_text(str(os.getpid()))
            time.sleep(120)
    return {"summary": f"{len(names)} groups"}


@services.job_function()
def write_groups(job, *, names, signal):
    return _write_then_sleep(job, names, signal)


@services.job_function(retry_safe=True)
def write_groups_retry_safe(job, *, names, signal):
    return _write_then_sleep(job, names, signal)
