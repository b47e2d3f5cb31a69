import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests import factories
from tests.visions.test_import_job import csv_of
from visions import services


@pytest.mark.django_db
def test_timing(site_a, member_a):
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    inds = [factories.IndicatorFactory(objective=objective, name=f"I{i}") for i in range(10)]
    t = time.monotonic()
    job = services.measurement_import_request(
        site=site_a, upload=SimpleUploadedFile("m.csv", csv_of(inds, 10000)), author=member_a
    )
    t1 = time.monotonic()
    services.measurement_import_run(job_id=job.pk)
    t2 = time.monotonic()
    print(
        f"\nTIMING {connection.vendor}: upload check {t1 - t:.2f}s, job {t2 - t1:.2f}s, cpu {time.process_time():.1f}"
    )
