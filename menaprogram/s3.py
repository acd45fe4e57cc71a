"""The S3 storage of uploads; imported only when STORAGES_S3_BUCKET is set (menaprogram.storage).

Needs `pip install -r requirements-s3.txt` (django-storages and boto3).
"""

from storages.backends.s3 import S3Storage

from menaprogram.storage import ServedByTheApp


class PrivateS3Storage(ServedByTheApp, S3Storage):
    """A private bucket whose files are served by the app, after the role check."""
