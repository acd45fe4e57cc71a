"""Where uploaded scans and photos are kept: a local folder, or an S3-compatible bucket.

Either way a file's address is the app's own (`/files/<name>`, `serve_upload`), which checks
the person's role and reads the file through the storage's `open()`; a bucket is never
linked to directly, so it stays private. The S3 backend (django-storages with boto3) is an
optional install, `requirements-s3.txt`, needed only when STORAGES_S3_BUCKET is set.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri


class ServedByTheApp:
    """A storage mixin: the file's URL leads to `serve_upload`, never to the storage."""

    def url(self, name):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))


def s3_storage_settings(bucket, *, endpoint_url="", region="", access_key="", secret_key=""):
    """STORAGES["default"] for a private bucket (AWS, MinIO, Ceph, any S3-compatible one)."""
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if region:
        options["region_name"] = region
    # Without keys boto3 finds its own (AWS_* variables, an instance role, ~/.aws).
    if access_key:
        options["access_key"] = access_key
    if secret_key:
        options["secret_key"] = secret_key
    return {"BACKEND": "menaprogram.s3.PrivateS3Storage", "OPTIONS": options}


class LocalStorage(ServedByTheApp, FileSystemStorage):
    """The default: a folder, MEDIA_ROOT (shared by several servers only if mounted on each)."""
