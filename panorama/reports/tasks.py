"""Background work of reports (run by `panorama worker`)."""

from django.tasks import task

from .models import JobStatus, ReportJob


@task
def report_job_run(job_id: int) -> dict:
    """Prepare one draft (services.job_run; its writes are one transaction). A job a killed worker
    left running is started again from the beginning."""
    from . import services

    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(status=JobStatus.QUEUED, progress=0)
    job = ReportJob.objects.select_related("report").filter(pk=job_id).first()
    if job is None:
        return {"status": "gone"}
    job = services.job_run(job=job)
    if job.status == JobStatus.FAILED:
        raise RuntimeError(job.error)
    return {"status": job.status, "report": str(job.report.public_id)}
