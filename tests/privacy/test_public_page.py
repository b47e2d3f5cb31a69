"""The public « Données personnelles » page says what the register and the code do."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_public_page_matches_the_retention_settings():
    page = client_for(None).get(reverse("donnees_personnelles")).content.decode()
    # The page says « deux ans » and « trente jours »: the defaults must say the same.
    assert settings.RETENTION_INACTIVE_DAYS == 730 and "deux ans" in page
    assert settings.RETENTION_NOTICE_DAYS == 30 and "trente jours" in page
    assert "anonymis" in page and "comptes rendus" in page  # erasure and its limit
    assert "15 minutes" in page and settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
