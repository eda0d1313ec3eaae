"""Private storage for generated papers: files on disk (or any backend) that no URL ever points at."""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """A ``FileSystemStorage`` without URLs: papers are read back only by ``document_file_response``."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them with documents.services.document_file_response.")


def private_storage():
    """The ``private`` storage of settings.STORAGES (a callable, so migrations never record the location)."""
    return storages["private"]
