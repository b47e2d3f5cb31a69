/* Dashboards: the map of sites (Leaflet, shipped by django-leaflet).
 *
 * Progressive enhancement: the page lists the same sites as text under the map. Data
 * comes from json_script elements (no inline script: strict CSP). No tiles unless the
 * deployment sets QIC_MAP_TILE_URL: the map then works offline over a plain background.
 * Redrawn after an HTMX swap (filters).
 */
(function () {
  "use strict";

  var COLOURS = {
    repere: "#929292",
    candidat: "#5576c0",
    formation_action: "#a558a0",
    vision_adoptee: "#009081",
    mise_en_oeuvre: "#18753c",
    essaimage: "#00a95f",
    suspendu: "#b34000",
    sorti: "#ce0500"
  };
  var FRANCE = [46.6, 2.4];

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function drawMap(container) {
    if (!window.L || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    var points = readJson(container.dataset.points) || [];
    var config = readJson(container.dataset.config) || {};
    var map = window.L.map(container, { scrollWheelZoom: false, attributionControl: !!config.tiles });
    if (config.tiles) {
      window.L.tileLayer(config.tiles, { attribution: config.attribution || "", maxZoom: 18 }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (point) {
      var marker = window.L.circleMarker([point.lat, point.lon], {
        radius: 8,
        color: "#161616",
        weight: 1,
        fillColor: COLOURS[point.status] || "#000091",
        fillOpacity: 0.9
      });
      marker.bindTooltip(point.name + " — " + point.statusLabel);
      marker.on("click", function () {
        window.location.assign(point.url);
      });
      marker.addTo(map);
      marker.getElement && marker.getElement() && marker.getElement().setAttribute("data-site", String(point.id));
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 11 });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], 10);
    } else {
      map.setView(FRANCE, 5);
    }
  }

  function drawAll() {
    var maps = document.querySelectorAll(".qic-map[data-points]");
    for (var i = 0; i < maps.length; i++) drawMap(maps[i]);
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
