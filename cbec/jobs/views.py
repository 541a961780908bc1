"""/health/ for probes and monitoring, and one job's page with its progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from cbec.jobs import health
from cbec.jobs.work import jobs_for_user


@never_cache
def health_view(request: HttpRequest) -> HttpResponse:
    """200 while the database answers (`status` says ok or degraded); 503 without it."""
    body = health.report()
    return JsonResponse(body, status=503 if body["status"] == "down" else 200)


@login_required
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job = jobs_for_user(request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404(f"job {job_id} not found")
    template = "jobs/_job.html" if request.headers.get("HX-Request") else "jobs/job.html"
    return render(request, template, {"job": job})
