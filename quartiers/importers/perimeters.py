"""Read QPV perimeters: a GeoJSON FeatureCollection in WGS 84 (EPSG:4326).

Each feature carries the QPV code in ``properties.code_qp`` and a Polygon or MultiPolygon.
Only the code and the geometry are used: names and attachments come from the CSV list.
The centre is computed here in plain Python (no GEOS/GDAL), which is precise enough to
place a marker on a map.
"""

import dataclasses
import itertools
import json
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quartiers.importers.errors import ErrorList
from quartiers.validators import normalize_code, validate_qpv_code

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# Degrees with 6 decimals are about 10 cm: more is noise for a map marker.
CENTRE_DECIMALS = 6
_ZIP_MAGIC = b"PK\x03\x04"
# A coordinate in degrees is written in about twenty characters (« -61.534567890123456 »);
# a longer number is not one, and Python refuses to read an integer of more than 4,300
# digits (ValueError): such numbers are kept as text and named in the feature's error.
MAX_NUMBER_CHARS = 40


class _LongNumber:
    """A number of the file too long to be read as a coordinate."""

    def __init__(self, text: str):
        self.text = text

    def __str__(self):
        return f"{self.text[:12]}… ({len(self.text)} caractères)"


def _bounded(convert):
    def parse(text: str):
        return _LongNumber(text) if len(text) > MAX_NUMBER_CHARS else convert(text)

    return parse


@dataclasses.dataclass(frozen=True)
class Perimeter:
    index: int  # the feature's number in the file, from 1
    code: str
    geometry: dict
    longitude: float
    latitude: float


def read_perimeters(data: bytes, errors: ErrorList) -> list[Perimeter]:
    """The valid perimeters of the file; every problem found is added to ``errors``."""
    features = _features(data, errors)
    perimeters = []
    first_index: dict[str, int] = {}
    for index, feature in enumerate(features, start=1):
        perimeter = _read_feature(index, feature, errors)
        if perimeter is None:
            continue
        if perimeter.code in first_index:
            errors.at_feature(
                index,
                perimeter.code,
                "code_qp",
                _("ce QPV a déjà un périmètre (entité n° %(first)d).")
                % {"first": first_index[perimeter.code]},
            )
            continue
        first_index[perimeter.code] = index
        perimeters.append(perimeter)
    return perimeters


def _file_error(errors: ErrorList, message: str) -> list:
    errors.add(_("Fichier des périmètres : %(message)s") % {"message": message}, sort_key=(1, 0))
    return []


def _features(data: bytes, errors: ErrorList) -> list:
    if data.startswith(_ZIP_MAGIC):
        return _file_error(
            errors,
            _(
                "c'est une archive zip (un shapefile ?) : exportez les périmètres en GeoJSON, "
                "en WGS 84 (EPSG:4326)."
            ),
        )
    try:
        document = json.loads(
            data.decode("utf-8-sig"), parse_int=_bounded(int), parse_float=_bounded(float)
        )
    except UnicodeDecodeError:
        return _file_error(errors, _("le fichier n'est pas un texte UTF-8 (GeoJSON attendu)."))
    except json.JSONDecodeError as exc:
        return _file_error(
            errors,
            _("JSON invalide, ligne %(line)d, colonne %(column)d (%(reason)s).")
            % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg},
        )
    except RecursionError:
        return _file_error(errors, _("JSON invalide (imbrication trop profonde)."))
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return _file_error(errors, _("le fichier doit être une FeatureCollection GeoJSON."))
    crs = _declared_crs(document)
    if crs and "4326" not in crs and "CRS84" not in crs.upper():
        return _file_error(
            errors,
            _(
                "le fichier déclare le système de coordonnées « %(crs)s » : exportez-le en "
                "WGS 84 (EPSG:4326)."
            )
            % {"crs": crs},
        )
    features = document.get("features")
    if not isinstance(features, list):
        return _file_error(errors, _("la FeatureCollection n'a pas de liste « features »."))
    return features


def _declared_crs(document: dict) -> str:
    """The CRS named by the (pre-RFC 7946) ``crs`` member, as QGIS still writes it."""
    crs = document.get("crs")
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        return str(crs["properties"].get("name") or "")
    return ""


def _read_feature(index: int, feature, errors: ErrorList) -> Perimeter | None:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    raw_code = properties.get("code_qp") if isinstance(properties, dict) else None
    code = normalize_code(raw_code) if isinstance(raw_code, str | int) else ""
    if not code:
        errors.at_feature(
            index, "", "code_qp", _("propriété absente : chaque entité doit porter son code QPV.")
        )
        return None
    try:
        validate_qpv_code(code)
    except ValidationError as exc:
        errors.at_feature(index, code, "code_qp", exc.messages[0])
        return None
    geometry = feature.get("geometry")
    problem = _geometry_problem(geometry)
    if problem:
        errors.at_feature(index, code, "geometry", problem)
        return None
    longitude, latitude = centroid(geometry)
    return Perimeter(
        index=index,
        code=code,
        geometry=geometry,
        longitude=round(longitude, CENTRE_DECIMALS),
        latitude=round(latitude, CENTRE_DECIMALS),
    )


def _geometry_problem(geometry) -> str | None:
    """Why the geometry cannot be used, or None."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in GEOMETRY_TYPES:
        return _("géométrie « %(type)s » : seuls Polygon et MultiPolygon sont acceptés.") % {
            "type": kind or _("absente")
        }
    coordinates = geometry.get("coordinates")
    too_long = next((v for v in _leaves(coordinates) if isinstance(v, _LongNumber)), None)
    if too_long is not None:
        return _(
            "nombre trop long pour une coordonnée (%(number)s) : %(max)d caractères au plus."
        ) % {"number": too_long, "max": MAX_NUMBER_CHARS}
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not _is_list(polygons) or not all(_is_polygon(polygon) for polygon in polygons):
        return _(
            "coordonnées mal formées : un polygone est une liste d'anneaux, chacun d'au moins "
            "3 positions [longitude, latitude]."
        )
    for longitude, latitude, *_rest in _positions(polygons):
        if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
            return _(
                "coordonnées hors des bornes WGS 84 (%(longitude)s, %(latitude)s ; longitude "
                "entre -180 et 180, latitude entre -90 et 90 attendues). Le fichier est sans "
                "doute en Lambert 93 (EPSG:2154) : exportez-le en WGS 84 (EPSG:4326)."
            ) % {"longitude": longitude, "latitude": latitude}
    return None


def _leaves(value):
    """Every value that is not a list, at any depth (without recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            yield item


def _is_list(value) -> bool:
    return isinstance(value, list) and bool(value)


def _is_polygon(polygon) -> bool:
    return _is_list(polygon) and all(
        _is_list(ring) and len(ring) >= 3 and all(_is_position(p) for p in ring) for ring in polygon
    )


def _is_position(position) -> bool:
    return (
        isinstance(position, list)
        and len(position) >= 2
        and all(
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            for value in position
        )
    )


def _positions(polygons):
    for polygon in polygons:
        for ring in polygon:
            yield from ring


# Centre ---------------------------------------------------------------------------------


def centroid(geometry: dict) -> tuple[float, float]:
    """(longitude, latitude) of the area-weighted centre of a Polygon or MultiPolygon.

    Planar, on degrees: at the scale of a neighbourhood the distortion is negligible.
    Holes (rings after the first) are subtracted. A degenerate shape with no area falls
    back to the mean of its vertices.
    """
    coordinates = geometry["coordinates"]
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    total_area = weighted_x = weighted_y = 0.0
    for polygon in polygons:
        for ring_index, ring in enumerate(polygon):
            area, x, y = _ring_area_and_centre(ring)
            sign = 1 if ring_index == 0 else -1  # the first ring is the outline, others holes
            total_area += sign * area
            weighted_x += sign * area * x
            weighted_y += sign * area * y
    if total_area <= _area_tolerance(polygons):
        return _vertex_mean(polygons)
    return weighted_x / total_area, weighted_y / total_area


def _ring_area_and_centre(ring: list) -> tuple[float, float, float]:
    """(unsigned area, x, y) of one ring by the shoelace formula, whatever its orientation."""
    # Measuring from the first vertex keeps the products small, hence precise.
    x0, y0 = ring[0][0], ring[0][1]
    points = [(p[0] - x0, p[1] - y0) for p in ring]
    if points[0] != points[-1]:
        points.append(points[0])  # close the ring if the file did not
    signed_area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        cross = x1 * y2 - x2 * y1
        signed_area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    signed_area /= 2
    if signed_area == 0:
        return 0.0, x0, y0
    return abs(signed_area), x0 + cx / (6 * signed_area), y0 + cy / (6 * signed_area)


def _area_tolerance(polygons: list) -> float:
    """Below this, the area is rounding noise: a flat or empty shape."""
    xs = [p[0] for p in _positions(polygons)]
    ys = [p[1] for p in _positions(polygons)]
    return 1e-12 * (max(xs) - min(xs)) * (max(ys) - min(ys))


def _vertex_mean(polygons: list) -> tuple[float, float]:
    vertices = []
    for polygon in polygons:
        for ring in polygon:
            # The closing vertex repeats the first one: count it once.
            closed = len(ring) > 1 and ring[0][:2] == ring[-1][:2]
            vertices.extend(ring[:-1] if closed else ring)
    return (
        sum(p[0] for p in vertices) / len(vertices),
        sum(p[1] for p in vertices) / len(vertices),
    )
