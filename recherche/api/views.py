from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from qic.api.schema import ERROR_DESCRIPTIONS, ValidationErrorSerializer
from qic.api.viewsets import ApiViewMixin
from recherche.api.serializers import SearchParamsSerializer, SearchResultsSerializer
from recherche.search import search


class SearchView(ApiViewMixin, APIView):
    """La recherche de la barre d'en-tête : les mêmes résultats que la page
    `/recherche/?q=`, groupés par type, classés, limités à ce que le compte peut voir."""

    http_method_names = ["get", "head", "options"]
    schema_tags = ["Recherche"]

    @extend_schema(
        summary="Rechercher",
        parameters=[SearchParamsSerializer],
        responses={
            200: SearchResultsSerializer,
            400: OpenApiResponse(ValidationErrorSerializer, ERROR_DESCRIPTIONS["400"]),
        },
    )
    def get(self, request):
        params = SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data.get("q", "").strip()
        kinds = params.validated_data.get("type") or None
        groups = search(request.user, query, kinds=kinds, limit=params.validated_data["limit"])
        return Response(SearchResultsSerializer({"q": query, "groups": groups}).data)
