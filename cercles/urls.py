from django.urls import path

from cercles.views import (
    answer_links,
    calendars,
    cercles,
    commitments,
    documents,
    journal,
    meetings,
    proposals,
)

app_name = "cercles"

urlpatterns = [
    # A site's cercles and journal
    path("sites/<int:pk>/cercles/", cercles.cercle_list, name="cercle_list"),
    path("sites/<int:pk>/cercles/nouveau/", cercles.cercle_create, name="cercle_create"),
    path("sites/<int:pk>/journal/", journal.site_journal, name="site_journal"),
    path("sites/<int:pk>/documents/", documents.site_documents, name="site_documents"),
    # Cercles and their members
    path("cercles/<int:pk>/", cercles.cercle_detail, name="cercle_detail"),
    path("cercles/<int:pk>/modifier/", cercles.cercle_edit, name="cercle_edit"),
    path("cercles/<int:pk>/membres/ajouter/", cercles.member_add, name="member_add"),
    path("cercles/membres/<int:pk>/modifier/", cercles.member_edit, name="member_edit"),
    path("cercles/<int:pk>/reunions/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path("cercles/<int:pk>/reunions.ics", calendars.cercle_calendar, name="cercle_calendar"),
    path(
        "cercles/<int:pk>/propositions/nouvelle/",
        proposals.proposal_create,
        name="proposal_create",
    ),
    # Proposals
    path("propositions/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("propositions/<int:pk>/repondre/", proposals.proposal_answer, name="proposal_answer"),
    path("propositions/<int:pk>/clore/", proposals.proposal_close, name="proposal_close"),
    path(
        "propositions/reponse/<str:token>/",
        answer_links.proposal_answer_link,
        name="proposal_answer_link",
    ),
    # Meetings
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/presences/", meetings.attendance_record, name="attendance_record"),
    path("reunions/<int:pk>/je-viens/", meetings.meeting_reply, name="meeting_reply"),
    path(
        "reunions/reponse/<str:token>/",
        answer_links.meeting_reply_link,
        name="meeting_reply_link",
    ),
    path("reunions/<int:pk>/compte-rendu/", meetings.minutes_edit, name="minutes_edit"),
    path("reunions/<int:pk>/decisions/", meetings.decision_add, name="decision_add"),
    path("reunions/<int:pk>/engagements/", meetings.commitment_add, name="commitment_add"),
    path("reunions/<int:pk>/documents/", documents.document_upload, name="document_upload"),
    path(
        "reunions/<int:pk>/preparer-la-suivante/",
        meetings.meeting_prepare_next,
        name="meeting_prepare_next",
    ),
    path("decisions/<int:pk>/modifier/", meetings.decision_edit, name="decision_edit"),
    # Commitments
    path("engagements/", commitments.my_commitments, name="my_commitments"),
    path("engagements/<int:pk>/modifier/", meetings.commitment_edit, name="commitment_edit"),
    path(
        "engagements/<int:pk>/statut/<str:status>/",
        meetings.commitment_status,
        name="commitment_status",
    ),
    # Documents
    path("documents/<int:pk>/", documents.document_download, name="document_download"),
    path("documents/<int:pk>/retirer/", documents.document_delete, name="document_delete"),
    # Calendars
    path("agenda/", calendars.calendar_settings, name="calendar_settings"),
    path("agenda/<str:token>.ics", calendars.personal_calendar, name="personal_calendar"),
]
