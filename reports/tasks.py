"""The documents' background job: rendered ahead after a change, for the next click."""

from procrastinate.contrib.django import app

from menaprogram.jobs import job
from reports.ahead import render_ahead


# Every ten minutes; a run with no change since the last renders nothing (the data version).
@app.periodic(cron="*/10 * * * *", periodic_id="documents-ahead")
@job(lock="reports-documents-ahead")
def render_documents_ahead(timestamp=None):
    render_ahead()
