"""The project's own tables: forms saved and imports confirmed, so none is done twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A form that was already saved, by its one-time token.

    A double click or a reload posts the same form twice; the second post finds its
    token here and is sent where the first went instead of saving another row.
    """

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    redirect_to = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Moved from activities without moving its table (the floor-plan change).
        db_table = "activities_formsubmission"
        verbose_name = _("saved form")
        verbose_name_plural = _("saved forms")

    def __str__(self):
        return str(self.token)


class ImportClaim(models.Model):
    """An import being confirmed, then done: written in the same transaction as its rows.

    A second confirmation of the same waiting file finds the row and imports nothing; it
    waits for the first to end, and proceeds if the first was rolled back (an error, a
    worker that died), since the row went with it. The file system cannot do both.
    """

    token = models.CharField(primary_key=True, max_length=64)
    kind = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed import")
        verbose_name_plural = _("confirmed imports")

    def __str__(self):
        return f"{self.kind} {self.token}"


class JobFailure(models.Model):
    """A background job's attempt that ended in an error, with the error, for administrators.

    The job queue (procrastinate) keeps a job's status and attempts but not its error; the
    jobs of `menaprogram.jobs.job` write it here before the queue retries or gives up.
    """

    job_id = models.BigIntegerField(_("job"), null=True)
    task_name = models.CharField(_("task"), max_length=200)
    attempt = models.PositiveIntegerField(_("attempt"))
    final = models.BooleanField(
        _("no more attempts"), default=False, help_text=_("The job has failed for good.")
    )
    error = models.TextField(_("error"))
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True)

    class Meta:
        ordering = ["-failed_at", "-pk"]
        verbose_name = _("failed job")
        verbose_name_plural = _("failed jobs")

    def __str__(self):
        return f"{self.task_name} #{self.job_id} ({self.attempt})"
