"""Full disk on an evidence upload: the storage runs out of space (ENOSPC) halfway through
writing the file. The user is sent back to the project with a clear message, no Evidence row
or audit event is written, no partial file is left under MEDIA_ROOT, and the project is
unchanged. Afterwards, with room again, the same upload is attached normally.

A real full disk needs a filesystem one can fill, which needs root to mount; the drill gives
the storage an ``os`` whose files fill up after half of the first write instead.
"""

import errno
import os

import pytest
from django.core.files.storage import filesystem
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from zhaoshang.core.models import AuditEvent
from zhaoshang.projects.models import Evidence, Project

DISK_FULL = (
    "The file could not be stored: the server has no room left for it. Nothing was attached; "
    "please tell the system administrator."
)
PDF = b"%PDF-1.4 signed contract\n" + b"0" * 50_000


class _FillingFile:
    """A file on a disk that is full after half of the first write, as ``write(2)`` reports."""

    def __init__(self, handle, written):
        self.handle = handle
        self.written = written

    def write(self, data):
        half = data[: len(data) // 2]
        self.handle.write(half)
        self.handle.flush()
        self.written.append(len(half))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def close(self):
        self.handle.close()


class _FullDiskOs:
    """``os`` as the file storage sees it; everything but fdopen is the real one."""

    def __init__(self):
        self.written = []

    def __getattr__(self, name):
        return getattr(os, name)

    def fdopen(self, fd, *args, **kwargs):
        return _FillingFile(os.fdopen(fd, *args, **kwargs), self.written)


def _files_under(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _upload(client, project):
    return client.post(
        f"/projects/{project.code}/evidence/",
        {"kind": "contract", "note": "签约合同", "file": SimpleUploadedFile("合同.pdf", PDF)},
    )


@pytest.mark.django_db
def test_a_full_disk_refuses_the_upload_cleanly_and_leaves_nothing_behind(
    make_project, cast, client_for, settings, monkeypatch
):
    project = make_project()
    before = Project.objects.values().get(pk=project.pk)
    events = AuditEvent.objects.count()
    client = client_for(cast["unit_a_staff"])
    full = _FullDiskOs()
    monkeypatch.setattr(filesystem, "os", full)

    response = _upload(client, project)

    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.code}/"
    # The storage really did write part of the file before the disk filled up.
    assert full.written and full.written[0] > 0
    monkeypatch.undo()
    page = client.get(response["Location"]).content.decode()
    with translation.override("zh-hans"):
        assert gettext(DISK_FULL) in page
    assert not Evidence.objects.exists()
    assert AuditEvent.objects.count() == events
    assert _files_under(settings.MEDIA_ROOT) == []
    assert Project.objects.values().get(pk=project.pk) == before

    # With room on the disk again the same upload goes through.
    assert _upload(client, project).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.file.read() == PDF
    assert _files_under(settings.MEDIA_ROOT) == [evidence.file.name]
