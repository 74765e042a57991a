"""Census and invitation files read by the task queue: kept encrypted, emptied once read."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from delaktig.core.errors import NotAllowed
from delaktig.eligibility.models import CensusEntry, Invitation, RollFile
from delaktig.eligibility.secure_file import unseal
from delaktig.eligibility.services import roll_files
from delaktig.processes.tests.factories import AreaFactory

from .factories import ANNA, approved_import, colleague, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def budget_round(make_round):
    budget_round = make_round("propose")
    AreaFactory(budget_round=budget_round, name="Norr")
    return budget_round


def queue(official, budget_round, text, kind="census", capture=None):
    upload = csv_file(text)
    if capture is None:
        return roll_files.queue_roll_file(
            by=official, budget_round=budget_round, kind=kind, uploaded=upload
        )
    with capture(execute=True):
        job = roll_files.queue_roll_file(
            by=official, budget_round=budget_round, kind=kind, uploaded=upload
        )
    job.refresh_from_db()
    return job


def test_the_waiting_file_is_encrypted_and_emptied_once_read(budget_round, official):
    digits = ANNA.replace("-", "")
    job = queue(official, budget_round, f"personnummer,område\n{ANNA},Norr\n")
    stored = bytes(RollFile.objects.get(pk=job.pk).content)
    assert ANNA.encode() not in stored and digits.encode() not in stored
    assert ANNA in unseal(stored).decode()
    assert job.status == RollFile.Status.WAITING and not CensusEntry.objects.exists()

    checked = roll_files.read_roll_job(job.pk)
    assert checked.status == RollFile.Status.CHECKED and checked.count == 1
    assert not CensusEntry.objects.exists()  # checked, waiting for a second case officer
    assert bytes(RollFile.objects.get(pk=job.pk).content) != b""  # kept (sealed) until then
    assert roll_files.read_roll_job(job.pk) is None  # not read again while it waits
    done = approved_import(checked)
    assert done.status == RollFile.Status.DONE and done.count == 1
    assert bytes(RollFile.objects.get(pk=job.pk).content) == b""
    assert CensusEntry.objects.get().area.name == "Norr"
    assert roll_files.read_roll_job(job.pk) is None  # read once, never twice


def test_the_task_queue_reads_it_when_the_upload_commits(
    budget_round, official, django_capture_on_commit_callbacks
):
    job = queue(
        official,
        budget_round,
        "namn,område\nAlva Ek,Norr\nBo By,Norr\n",
        kind="invitations",
        capture=django_capture_on_commit_callbacks,
    )
    assert job.status == RollFile.Status.CHECKED and job.count == 2
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        roll_files.approve_roll_file(by=colleague(), job=job)
    job.refresh_from_db()
    assert job.status == RollFile.Status.DONE and job.count == 2
    assert Invitation.objects.count() == 2


def test_every_row_error_is_kept_and_nothing_is_imported(budget_round, official):
    job = queue(official, budget_round, f"personnummer,område\n{ANNA},Norr\n811228-9875,Söder\n")
    job = roll_files.read_roll_job(job.pk)
    assert job.status == RollFile.Status.FAILED
    assert job.message == "Filen har fel på 1 rad. Ingenting har lästs in."
    assert {(e["row"], e["column"]) for e in job.row_errors} == {
        (3, "personnummer"),
        (3, "område"),
    }
    assert bytes(job.content) == b"" and not CensusEntry.objects.exists()


def test_a_file_that_cannot_be_read_says_so(budget_round, official, monkeypatch):
    job = queue(official, budget_round, "namn\nAlva\n")  # no personnummer column
    job = roll_files.read_roll_job(job.pk)
    assert job.status == RollFile.Status.FAILED and "personnummer" in job.message

    def crash(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(roll_files, "replace_census", crash)
    job = queue(official, budget_round, f"personnummer,område\n{ANNA},Norr\n")
    job = roll_files.read_roll_job(job.pk)
    assert job.status == RollFile.Status.CHECKED, job.message
    job = approved_import(job)
    assert job.status == RollFile.Status.FAILED
    assert job.message == "Filen gick inte att läsa. Kontrollera att det är en CSV- eller XLSX-fil."
    assert bytes(job.content) == b""  # emptied even when something broke


def test_messages_are_in_the_uploaders_language(budget_round, official):
    with translation.override("en"):
        job = queue(official, budget_round, "namn\nAlva\n")
    job = roll_files.read_roll_job(job.pk)
    assert job.language == "en" and "The file needs a column" in job.message


def test_only_officials_may_upload(budget_round, resident):
    with pytest.raises(NotAllowed):
        queue(resident, budget_round, f"pnr\n{ANNA}\n")
    assert not RollFile.objects.exists()


def test_the_daily_purge_deletes_files_older_than_a_day(budget_round, official):
    old = queue(official, budget_round, f"pnr\n{ANNA}\n")  # a worker crashed: never read
    RollFile.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    fresh = queue(official, budget_round, f"pnr\n{ANNA}\n")
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert list(RollFile.objects.values_list("pk", flat=True)) == [fresh.pk]
    said = "Uppladdade filer med röstlängd eller inbjudningar äldre än ett dygn: 1"
    assert said in out.getvalue()


def test_a_double_click_queues_one_file(budget_round, official, client):
    first = queue(official, budget_round, "namn\nAlva\n", kind="invitations")
    with pytest.raises(roll_files.RollFileBusy) as busy:
        queue(official, budget_round, "namn\nAlva\n", kind="invitations")
    assert busy.value.job == first
    queue(official, budget_round, f"pnr\n{ANNA}\n")  # another kind is not held up
    roll_files.read_roll_job(first.pk)
    queue(official, budget_round, "namn\nBo\n", kind="invitations")  # done: a new one may go
    # An unfinished file from a crashed worker holds up nothing for long.
    RollFile.objects.filter(status=RollFile.Status.WAITING).update(
        created_at=timezone.now() - roll_files.BUSY_FOR - timedelta(minutes=1)
    )
    queue(official, budget_round, "namn\nCia\n", kind="invitations")


def test_the_page_sends_a_second_upload_to_the_first(
    budget_round, official, client, django_capture_on_commit_callbacks
):
    client.force_login(official)
    url = f"/hantera/omgangar/{budget_round.slug}/rostlangd/inbjudningar/ladda-upp/"
    first = client.post(url, {"file": csv_file("namn\nAlva\n")})  # not read yet: no commit
    second = client.post(url, {"file": csv_file("namn\nAlva\n")}, follow=True)
    assert second.redirect_chain[-1][0] == first.url
    assert "Det hanteras redan en fil av det här slaget" in second.content.decode()
    assert RollFile.objects.count() == 1
