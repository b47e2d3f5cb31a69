from django.urls import path

from pratiques import views

app_name = "pratiques"

urlpatterns = [
    path("pratiques/", views.practice_list, name="practice_list"),
    path("sites/<int:pk>/pratiques/nouvelle/", views.practice_create, name="practice_create"),
    path("pratiques/<int:pk>/", views.practice_detail, name="practice_detail"),
    path("pratiques/<int:pk>/modifier/", views.practice_edit, name="practice_edit"),
    path("pratiques/<int:pk>/proposer/", views.practice_submit, name="practice_submit"),
    path("pratiques/<int:pk>/relire/", views.practice_review, name="practice_review"),
    path("pratiques/<int:pk>/commenter/", views.practice_comment, name="practice_comment"),
    path("pratiques/<int:pk>/favori/", views.practice_bookmark, name="practice_bookmark"),
    path("pratiques/<int:pk>/question/", views.practice_ask, name="practice_ask"),
    path("pratiques/<int:pk>/adopter/", views.practice_adopt, name="practice_adopt"),
    path(
        "pratiques/<int:pk>/documents/nouveau/",
        views.document_upload,
        name="document_upload",
    ),
    path("pratiques/documents/<int:pk>/", views.document_download, name="document_download"),
    path(
        "pratiques/documents/<int:pk>/supprimer/",
        views.document_delete,
        name="document_delete",
    ),
]
