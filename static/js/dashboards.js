/* Dashboards: the map of sites (Leaflet, shipped by django-leaflet).
 *
 * Progressive enhancement: the page lists the same sites as text under the map. Data
 * comes from json_script elements (no inline script: strict CSP). No tiles unless the
 * deployment sets QIC_MAP_TILE_URL: the map then works offline over a plain background.
 * Redrawn after an HTMX swap (filters).
 */
(function () {
  "use strict";

  // On a phone the figures come before the six filters: they fold behind « Filtres ».
  document.addEventListener("DOMContentLoaded", function () {
    if (window.matchMedia("(max-width: 47.99em)").matches) {
      document.querySelectorAll("details.qic-filters").forEach(function (details) {
        details.removeAttribute("open");
      });
    }
  });

  var FRANCE = [46.6, 2.4];
  // A coarse outline of metropolitan France and Corsica (a few dozen points), drawn when
  // there are no tiles so that the markers sit somewhere recognisable, offline.
  var OUTLINE = [
    [[51.09, 2.54], [50.78, 1.6], [50.18, 1.6], [49.93, 1.08], [49.5, 0.1], [49.34, -0.4],
     [49.4, -1.2], [49.65, -1.62], [49.7, -1.94], [48.84, -1.56], [48.64, -2.03], [48.85, -3.0],
     [48.78, -3.58], [48.68, -4.33], [48.4, -4.78], [48.1, -4.35], [47.8, -4.37], [47.7, -3.4],
     [47.5, -2.9], [47.27, -2.2], [46.8, -2.1], [46.5, -1.8], [46.15, -1.2], [45.6, -1.2],
     [44.65, -1.25], [43.9, -1.4], [43.4, -1.7], [43.05, -0.7], [42.8, 0.6], [42.6, 1.7],
     [42.45, 3.15], [43.0, 3.05], [43.3, 3.5], [43.55, 4.1], [43.35, 4.85], [43.3, 5.35],
     [43.1, 5.9], [43.15, 6.4], [43.55, 7.0], [43.75, 7.5], [44.15, 7.65], [44.4, 6.9],
     [45.1, 6.8], [45.9, 7.0], [46.4, 6.8], [46.2, 6.1], [46.95, 6.7], [47.5, 7.0],
     [47.6, 7.55], [48.1, 7.6], [48.97, 8.2], [49.1, 7.0], [49.45, 6.35], [49.55, 5.8],
     [49.8, 4.85], [50.1, 4.7], [50.3, 4.1], [50.75, 3.15]],
    [[43.0, 9.45], [42.55, 9.55], [41.9, 9.4], [41.4, 9.2], [41.6, 8.8], [42.0, 8.6],
     [42.4, 8.6], [42.7, 9.1]]
  ];

  function inMetropole(point) {
    return point.lat > 41 && point.lat < 51.5 && point.lon > -5.5 && point.lon < 10;
  }

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function drawMap(container) {
    if (!window.L || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    var points = readJson(container.dataset.points) || [];
    var config = readJson(container.dataset.config) || {};
    var map = window.L.map(container, {
      scrollWheelZoom: false, attributionControl: !!config.tiles, zoomControl: false
    });
    window.L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    if (config.tiles) {
      window.L.tileLayer(config.tiles, { attribution: config.attribution || "", maxZoom: 18 }).addTo(map);
    } else {
      window.L.polygon(OUTLINE, {
        color: "#929292", weight: 1, fillColor: "#ffffff", fillOpacity: 1, interactive: false
      }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (point) {
      // A letter in a coloured disc (dashboards.css): named, focusable, opened with Enter.
      var marker = window.L.marker([point.lat, point.lon], {
        icon: window.L.divIcon({
          className: "qic-marker qic-marker--" + point.status,
          html: point.letter,
          iconSize: [22, 22]
        }),
        keyboard: true,
        title: point.name + " — " + point.statusLabel
      });
      marker.on("click", function () {
        window.location.assign(point.url);
      });
      // The icon exists once the map has a view: name it then.
      marker.on("add", function () {
        var element = marker.getElement();
        element.setAttribute("data-site", String(point.id));
        element.setAttribute("aria-label", point.name + " — " + point.statusLabel);
        // Leaflet's Enter opens a popup; ours opens the site, as a click does.
        element.addEventListener("keydown", function (event) {
          if (event.key === "Enter") window.location.assign(point.url);
        });
      });
      marker.addTo(map);
      if (inMetropole(point)) bounds.push([point.lat, point.lon]);
    });
    // Overseas sites are on the map too (pan to them) and in the list under it; the view
    // opens on the metropolitan ones.
    if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 9 });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], 9);
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
