"""Make static/vendor/departements/departements.geojson, the map's offline background.

A dev-time script, not run by the project: its inputs are the contours of the
départements (metropole and the five DROM) of IGN's ADMIN EXPRESS COG (2018 edition),
as converted to GeoJSON by the france-geojson project (``departements-avec-outre-mer.geojson``,
Licence Ouverte / Open Licence; static/vendor/departements/README says where from).

It simplifies the borders with their topology kept (shared borders stay shared: no gaps
or overlaps between neighbours), rounds coordinates to 3 decimals (about 100 m), and
stores with each département a point inside it for its label. Needs ``topojson`` and
``shapely`` (PyPI), which the project itself does not::

    python -m venv /tmp/geo && /tmp/geo/bin/pip install topojson shapely
    /tmp/geo/bin/python tools/departements_geojson.py departements-avec-outre-mer.geojson
"""

import argparse
import json
from pathlib import Path

import topojson
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

OUTPUT = Path(__file__).resolve().parent.parent / "static/vendor/departements/departements.geojson"
# Degrees: about 1.5 km at the latitude of France, invisible at the zooms the map opens on.
TOLERANCE = 0.012
DECIMALS = 3


def _rounded(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], DECIMALS), round(coordinates[1], DECIMALS)]
    return [_rounded(part) for part in coordinates]


def _label_point(geometry):
    """A point well inside the largest part (the pole of inaccessibility), as [lat, lon]."""
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda part: part.area)
    point = polylabel(largest, tolerance=0.001)
    return [round(point.y, DECIMALS), round(point.x, DECIMALS)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    features = json.loads(args.source.read_text())["features"]
    features.sort(key=lambda feature: feature["properties"]["code"])
    topology = topojson.Topology(
        {"type": "FeatureCollection", "features": features},
        toposimplify=TOLERANCE,
        prevent_oversimplify=True,
        prequantize=False,
    )
    simplified = json.loads(topology.to_geojson())["features"]
    out = []
    for source, feature in zip(features, simplified, strict=True):
        geometry = shape(feature["geometry"])
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "code": source["properties"]["code"],
                    "nom": source["properties"]["nom"],
                    "label": _label_point(shape(source["geometry"])),
                },
                "geometry": {
                    "type": geometry.geom_type,
                    "coordinates": _rounded(mapping(geometry)["coordinates"]),
                },
            }
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": out},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"{len(out)} départements, {args.output.stat().st_size} bytes → {args.output}")


if __name__ == "__main__":
    main()
