/* Dashboards: the map of sites (Leaflet, shipped by django-leaflet).
 *
 * Progressive enhancement: the page lists the same sites as text under the map. Data
 * comes from json_script elements (no inline script: strict CSP). No tiles unless the
 * deployment sets QIC_MAP_TILE_URL: the map then works offline over the départements
 * (a static GeoJSON file, fetched once). Sites are clustered (Leaflet.markercluster,
 * static/vendor/leaflet.markercluster/) so that a national map of 1,600 stays readable.
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
  // Département labels: numbers from this zoom, names from the next threshold (where
  // most of them fit inside their département).
  var CODES_FROM_ZOOM = 7;
  var NAMES_FROM_ZOOM = 8;
  var BACKGROUND_ATTRIBUTION = "Contours : IGN ADMIN EXPRESS 2018, Licence Ouverte";
  // The background, fetched once per page whatever the number of maps drawn (HTMX swaps).
  var backgrounds = {};

  // Overseas départements with QPV: the map opens on the metropole, and a button per
  // territory that has sites moves the view there (the same sites are in the table).
  var OVERSEAS = [
    { name: "Guadeloupe", box: [[15.8, -61.85], [16.55, -60.95]] },
    { name: "Martinique", box: [[14.38, -61.25], [14.9, -60.8]] },
    { name: "Guyane", box: [[2.1, -54.6], [5.8, -51.6]] },
    { name: "La Réunion", box: [[-21.4, 55.2], [-20.85, 55.85]] },
    { name: "Mayotte", box: [[-13.0, 45.0], [-12.6, 45.3]] }
  ];

  function inBox(point, box) {
    return point.lat >= box[0][0] && point.lat <= box[1][0] &&
      point.lon >= box[0][1] && point.lon <= box[1][1];
  }

  // « Métropole » then each overseas territory where a site is: plain buttons, reached by
  // the keyboard like the zoom's.
  function territoryControl(map, points, home) {
    var territories = OVERSEAS.filter(function (territory) {
      return points.some(function (point) { return inBox(point, territory.box); });
    });
    if (!territories.length) return;
    var control = window.L.control({ position: "topright" });
    control.onAdd = function () {
      var list = window.L.DomUtil.create("div", "leaflet-bar qic-territories");
      list.setAttribute("role", "group");
      list.setAttribute("aria-label", "Aller à un territoire de la carte");
      [{ name: "Métropole", go: home }].concat(territories.map(function (territory) {
        return { name: territory.name, go: function () { map.fitBounds(territory.box); } };
      })).forEach(function (item) {
        var button = window.L.DomUtil.create("button", "qic-territories__button", list);
        button.type = "button";
        button.textContent = item.name;
        window.L.DomEvent.on(button, "click", function (event) {
          window.L.DomEvent.stop(event);
          item.go();
        });
      });
      window.L.DomEvent.disableClickPropagation(list);
      return list;
    };
    control.addTo(map);
  }

  function inMetropole(point) {
    return point.lat > 41 && point.lat < 51.5 && point.lon > -5.5 && point.lon < 10;
  }

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function loadBackground(url) {
    if (!backgrounds[url]) {
      backgrounds[url] = window.fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }
    return backgrounds[url];
  }

  // A div icon that carries its accessible name: Leaflet makes a keyboard marker's icon a
  // focusable role="button", and a cluster's icon is made anew at each zoom.
  var NamedIcon = window.L && window.L.DivIcon.extend({
    createIcon: function (old) {
      var element = window.L.DivIcon.prototype.createIcon.call(this, old);
      element.setAttribute("aria-label", this.options.label);
      if (this.options.onEnter) {
        var onEnter = this.options.onEnter;
        element.addEventListener("keydown", function (event) {
          if (event.key === "Enter") onEnter(event);
        });
      }
      return element;
    }
  });

  // The départements (static/vendor/departements/README), light, under the markers, with
  // their number or name as labels from the zoom where they fit; not focusable, hidden
  // from assistive technologies (the list under the map is the map's text).
  function drawBackground(map, data) {
    map.createPane("qic-labels").setAttribute("aria-hidden", "true");
    window.L.geoJSON(data, {
      interactive: false,
      attribution: BACKGROUND_ATTRIBUTION,
      style: { color: "#929292", weight: 1, fillColor: "#ffffff", fillOpacity: 1 }
    }).addTo(map);
    var labels = window.L.layerGroup();
    data.features.forEach(function (feature) {
      var properties = feature.properties;
      var html = document.createElement("span");
      var code = document.createElement("span");
      var name = document.createElement("span");
      code.className = "qic-dep-label__code";
      code.textContent = properties.code;
      name.className = "qic-dep-label__name";
      name.textContent = properties.nom;
      html.appendChild(code);
      html.appendChild(name);
      labels.addLayer(window.L.marker(properties.label, {
        pane: "qic-labels", interactive: false, keyboard: false,
        icon: window.L.divIcon({ className: "qic-dep-label", html: html, iconSize: [0, 0] })
      }));
    });
    labels.addTo(map);
    function showLabels() {
      var zoom = map.getZoom();
      var container = map.getContainer();
      container.classList.toggle("qic-map--codes", zoom >= CODES_FROM_ZOOM && zoom < NAMES_FROM_ZOOM);
      container.classList.toggle("qic-map--names", zoom >= NAMES_FROM_ZOOM);
    }
    map.on("zoomend", showLabels);
    showLabels();
  }

  function siteMarker(point) {
    var name = point.name + " — " + point.statusLabel;
    // A letter in a coloured disc (dashboards.css): named, focusable, opened with Enter.
    var marker = window.L.marker([point.lat, point.lon], {
      icon: new NamedIcon({
        className: "qic-marker qic-marker--" + point.status,
        html: point.letter,
        iconSize: [22, 22],
        label: name,
        // Leaflet's Enter opens a popup; ours opens the site, as a click does.
        onEnter: function () { window.location.assign(point.url); }
      }),
      keyboard: true,
      title: name
    });
    marker.on("click", function () {
      window.location.assign(point.url);
    });
    marker.on("add", function () {
      marker.getElement().setAttribute("data-site", String(point.id));
    });
    return marker;
  }

  // Sites close to each other at the current zoom are one disc with their number; a click
  // or Enter zooms in to them (sites at the same place spread out at the last zoom).
  function siteLayer(map) {
    if (!window.L.markerClusterGroup) return window.L.layerGroup();
    var zoomedByKeyboard = false;
    map.on("zoomend", function () {
      if (zoomedByKeyboard) map.getContainer().focus();  // the cluster is gone: not the page
      zoomedByKeyboard = false;
    });
    var group = window.L.markerClusterGroup({
      chunkedLoading: true,
      maxClusterRadius: 48,
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? "s" : count < 100 ? "m" : "l";
        return new NamedIcon({
          className: "qic-cluster qic-cluster--" + size,
          html: String(count),
          iconSize: size === "s" ? [30, 30] : size === "m" ? [36, 36] : [44, 44],
          label: count + " sites : zoomer pour les voir",
          onEnter: function () { zoomedByKeyboard = true; }
        });
      }
    });
    // At the last zoom a cluster spreads its sites out instead: no zoom to wait for.
    group.on("spiderfied", function () { zoomedByKeyboard = false; });
    return group;
  }

  function drawMap(container) {
    if (!window.L || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    var points = readJson(container.dataset.points) || [];
    var config = readJson(container.dataset.config) || {};
    // The clusters need a last zoom (where sites at one place spread out): the background's
    // precision (about 100 m) when there are no tiles.
    var map = window.L.map(container, {
      scrollWheelZoom: false, zoomControl: false, maxZoom: config.tiles ? 18 : 13
    });
    map.attributionControl.setPrefix(false);
    window.L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    if (config.tiles) {
      window.L.tileLayer(config.tiles, { attribution: config.attribution || "" }).addTo(map);
    } else if (config.background) {
      loadBackground(config.background).then(function (data) {
        if (data && container.isConnected) drawBackground(map, data);
      });
    }
    var sites = siteLayer(map);
    var markers = [];
    var bounds = [];
    points.forEach(function (point) {
      markers.push(siteMarker(point));
      if (inMetropole(point)) bounds.push([point.lat, point.lon]);
    });
    // The view opens on the metropolitan sites; the overseas ones are a button away
    // (territoryControl) and in the list under the map.
    function home() {
      if (bounds.length > 1) {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 9 });
      } else if (bounds.length === 1) {
        map.setView(bounds[0], 9);
      } else {
        map.setView(FRANCE, 5);
      }
    }
    home();
    territoryControl(map, points, home);
    sites.addTo(map);
    if (sites.addLayers) sites.addLayers(markers);
    else markers.forEach(function (marker) { sites.addLayer(marker); });
  }

  function drawAll() {
    var maps = document.querySelectorAll(".qic-map[data-points]");
    for (var i = 0; i < maps.length; i++) drawMap(maps[i]);
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
