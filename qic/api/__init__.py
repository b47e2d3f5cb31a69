"""The REST API's shared machinery (docs/api.md); each app keeps its resources in <app>/api/.

Nothing here knows a domain model: a resource is scoped by its manager's
``for_user(user, action)``, exactly as the pages are.
"""
