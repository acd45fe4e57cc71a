"""The public side's background job: its pages rendered ahead after a change."""

from django.conf import settings
from procrastinate.contrib.django import app

from menaprogram.jobs import job
from public.ahead import render_ahead


# Every five minutes; a run with no change since the last renders nothing (the data version).
@app.periodic(cron="*/5 * * * *", periodic_id="public-ahead")
@job(lock="public-ahead")
def render_public_ahead(timestamp=None):
    if settings.PUBLIC_RENDER_AHEAD:
        render_ahead()
