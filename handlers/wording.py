"""How things are said to customers, in plain words."""

from __future__ import annotations

from domain.business import BusinessConfig
from domain.jobs import Job, JobStatus

STATUS_WORDS = {
    JobStatus.REQUESTED: "received, we'll confirm a time with you",
    JobStatus.SCHEDULED: "scheduled",
    JobStatus.ON_THE_WAY: "technician on the way",
    JobStatus.IN_PROGRESS: "being worked on",
    JobStatus.WAITING_ON_CUSTOMER: "waiting for you",
    JobStatus.WAITING_ON_PARTS: "waiting for parts",
    JobStatus.COMPLETED: "completed",
    JobStatus.CANCELLED: "cancelled",
}


def service_name(business: BusinessConfig, code: str) -> str:
    service = business.service(code)
    return service.name if service else code


def job_line(business: BusinessConfig, job: Job) -> str:
    return (
        f"{job.reference} - {service_name(business, job.service_code)}: {STATUS_WORDS[job.status]}"
    )
