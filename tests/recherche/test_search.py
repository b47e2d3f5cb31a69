"""The search box: accents ignored, only what the user may see, ranked and highlighted,
the index kept fresh by the writes, and the page usable without JavaScript."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.urls import reverse

from qic.history import bulk_written
from recherche import registry
from recherche.search import search
from tests import factories
from tests.conftest import PERSONAS, client_for
from tests.htmx import assert_fragment_matches_page
from tests.recherche.conftest import WORD
from visions.models import Action

pytestmark = pytest.mark.django_db


def _found(user, query, kind=None):
    groups = search(user, query, kinds=[kind] if kind else None, limit=50)
    return {group.kind: group for group in groups}


def test_equipement_finds_equipement_with_its_accent(member_a, site_a):
    action = factories.ActionFactory(site=site_a, title="Équipement sportif du Crêt")
    group = _found(member_a, "equipement")["actions"]
    [hit] = group.hits
    assert hit.object_id == action.pk
    assert [part.text for part in hit.title_parts if part.match] == ["Équipement"]
    # and the other way round, and from the start of a word (live results while typing)
    assert _found(member_a, "ÉQUIPEMENT CRET")["actions"].total == 1
    assert _found(member_a, "équip")["actions"].total == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_search_never_returns_what_the_persona_may_not_see(persona, search_world, personas):
    """Every kind × every persona: the results, and their counts, are exactly the rows of
    the kind's ``for_user(user, "view")`` among those carrying the word."""
    user = personas[persona] or AnonymousUser()
    kinds = [index.kind for index in registry.indexes()]
    assert set(search_world["a"]) == set(kinds), "every kind has an object in this world"
    found = _found(user, WORD)
    for index in registry.indexes():
        made = [search_world[letter][index.kind].pk for letter in ("a", "b")]
        visible = set(
            index.model.objects.for_user(user, "view")
            .filter(pk__in=made)
            .values_list("pk", flat=True)
        )
        group = found.get(index.kind)
        returned = {hit.object_id for hit in group.hits} if group else set()
        assert returned == visible, f"{persona} / {index.kind}"
        assert (group.total if group else 0) == len(visible), f"{persona} / {index.kind}"
    if persona == "member_b":  # nothing of site A, of any kind, but its published practice
        assert not any(
            hit.site_id == search_world["a"]["sites"].pk
            for kind, group in found.items()
            for hit in group.hits
            if kind != "pratiques"
        )
        # Site A's, published, and site B's own draft.
        assert {hit.object_id for hit in found["pratiques"].hits} == {
            search_world["a"]["pratiques"].pk,
            search_world["b"]["pratiques"].pk,
        }


def test_results_are_grouped_ranked_and_limited_with_a_link_to_see_more(member_a, site_a):
    for number in range(7):
        factories.ActionFactory(site=site_a, title=f"Action n° {number}", description="jardin")
    best = factories.ActionFactory(site=site_a, title="Jardin partagé")
    page = client_for(member_a).get(reverse("recherche:search"), {"q": "jardin"})
    assert page.status_code == 200
    group = page.context["groups"][0]
    assert group.total == 8
    assert len(group.hits) == 5
    assert group.hits[0].object_id == best.pk, "a match in the title ranks first"
    html = page.content.decode()
    more = reverse("recherche:search_kind", args=["actions"]) + "?q=jardin"
    assert f'href="{more}"' in html
    assert "<mark>Jardin</mark> partagé" in html
    # « voir plus »: every action, paginated
    everything = client_for(member_a).get(more)
    assert everything.context["group"].total == 8
    assert len(everything.context["group"].hits) == 8


def test_user_text_is_escaped_in_highlights(member_a, site_a):
    factories.ActionFactory(site=site_a, title="<script>alert(1)</script> potager")
    html = client_for(member_a).get(reverse("recherche:search"), {"q": "potager"}).content
    html = html.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>potager</mark>" in html
    api = client_for(member_a).get(reverse("api:recherche"), {"q": "potager"}).json()
    [hit] = api["groups"][0]["results"]
    assert hit["title_html"] == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>potager</mark>"


def test_the_index_follows_creations_changes_and_deletions(member_a, site_a):
    action = factories.ActionFactory(site=site_a, title="Ludothèque")
    assert _found(member_a, "ludotheque")["actions"].total == 1
    action.title = "Médiathèque"
    action.save()
    assert "actions" not in _found(member_a, "ludotheque")
    assert _found(member_a, "mediatheque")["actions"].total == 1
    action.delete()
    assert "actions" not in _found(member_a, "mediatheque")
    # A meeting is found by its agenda; renaming its cercle renames the result.
    meeting = factories.MeetingFactory(
        cercle=factories.CercleFactory(site=site_a, name="Cercle jeunesse")
    )
    item = factories.AgendaItemFactory(meeting=meeting, title="Chantier éducatif")
    assert _found(member_a, "chantier")["reunions"].total == 1
    meeting.cercle.name = "Cercle réussite"
    meeting.cercle.save()
    [hit] = _found(member_a, "chantier")["reunions"].hits
    assert hit.title.startswith("Cercle réussite")
    item.delete()
    assert "reunions" not in _found(member_a, "chantier")
    call_command("reindex", check=True)


def test_bulk_writes_announced_by_their_service_are_indexed(member_a, site_a):
    actions = Action.objects.bulk_create(
        [Action(site=site_a, title=f"Café des parents n° {n}") for n in range(3)]
    )
    assert "actions" not in _found(member_a, "cafe")  # bulk_create sends no signal
    bulk_written.send(sender=Action, objects=actions)  # as qic.history.log_bulk_created
    assert _found(member_a, "cafe")["actions"].total == 3
    # A site renamed renames its vision's result.
    factories.VisionFactory(site=site_a)
    site_a.name = "Belleville"
    site_a.save()
    [hit] = _found(member_a, "belleville")["visions"].hits
    assert hit.title == "Vision de Belleville"
    call_command("reindex", check=True)


def test_reindex_rebuilds_what_bulk_writes_left_stale(member_a, site_a, capsys):
    action = factories.ActionFactory(site=site_a, title="Ressourcerie")
    Action.objects.filter(pk=action.pk).update(title="Recyclerie")  # no signal
    with pytest.raises(CommandError):
        call_command("reindex", check=True)
    assert f"actions n° {action.pk} : title" in capsys.readouterr().out
    call_command("reindex")
    call_command("reindex", check=True)
    assert _found(member_a, "recyclerie")["actions"].total == 1
    assert "actions" not in _found(member_a, "ressourcerie")


def test_the_page_works_without_javascript_and_live_with_htmx(member_a, site_a):
    factories.ActionFactory(site=site_a, title="Fresque du climat")
    client = client_for(member_a)
    url = reverse("recherche:search") + "?q=fresque"
    swapped = assert_fragment_matches_page(client, url)
    assert "Fresque du climat" in swapped.get_text()
    # the header's field asks for a short preview under it
    preview = client.get(url, headers={"HX-Request": "true", "HX-Target": "recherche-apercu"})
    text = BeautifulSoup(preview.content, "html.parser").get_text()
    assert "<html" not in preview.content.decode()
    assert "Fresque du climat" in text
    assert "Tous les résultats" in text


def test_the_header_has_the_search_box_for_signed_in_users_only(member_a):
    page = client_for(member_a).get(reverse("home")).content.decode()
    assert 'class="fr-search-bar"' in page
    assert f'action="{reverse("recherche:search")}"' in page
    login = client_for(None).get(reverse("accounts:login")).content.decode()
    assert "fr-search-bar" not in login


def test_bad_input_is_refused_in_french(member_a):
    page = client_for(member_a).get(reverse("recherche:search"), {"q": "x" * 201})
    assert page.status_code == 200
    assert "200 caractères" in page.content.decode()
    assert page.context["groups"] == []
    api = client_for(member_a).get(reverse("api:recherche"), {"q": "x" * 201, "limit": 0})
    assert api.status_code == 400
    assert set(api.json()["erreurs"]) == {"q", "limit"}
    unknown = client_for(member_a).get(reverse("recherche:search_kind", args=["inconnu"]))
    assert unknown.status_code == 404


def test_the_api_returns_the_pages_results(member_a, site_a, site_b):
    mine = factories.ActionFactory(site=site_a, title="Atelier vélo")
    factories.ActionFactory(site=site_b, title="Atelier vélo de B")
    response = client_for(member_a).get(reverse("api:recherche"), {"q": "velo"})
    assert response.status_code == 200
    body = response.json()
    assert body["q"] == "velo"
    [group] = body["groups"]
    assert group["type"] == "actions" and group["total"] == 1
    [hit] = group["results"]
    assert hit["id"] == mine.pk
    assert hit["url"] == mine.get_absolute_url()
    assert hit["site"] == site_a.pk
    assert hit["title_html"] == "Atelier <mark>vélo</mark>"
    only = client_for(member_a).get(reverse("api:recherche"), {"q": "velo", "type": "sites"})
    assert only.json()["groups"] == []
