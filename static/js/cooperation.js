/* Carte des acteurs: the site's network drawn with vis-network (vendored under
 * static/vendor/vis-network/, loaded before this file).
 *
 * Progressive enhancement: the page gives the same structures and links as tables, and
 * its filters are a plain GET form. Data comes from the json_script element
 * « reseau-donnees » (no inline script: strict CSP). Here: zoom, drag, a click on a
 * structure lists its links and what they come from; the date slider moves the « au »
 * date and sends the form.
 */
(function () {
  "use strict";

  var COLOURS = {
    collectivite: "#000091",
    etat: "#6a6af4",
    association: "#18753c",
    education: "#a558a0",
    sante: "#ce0500",
    emploi: "#b34000",
    logement: "#716043",
    economie: "#c3992a",
    habitants: "#009081",
    accompagnement: "#3a3a3a",
    autre: "#929292"
  };

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function frenchDate(iso) {
    var parts = iso.split("-");
    return parts[2] + "/" + parts[1] + "/" + parts[0];
  }

  function drawNetwork() {
    var container = document.getElementById("carte-reseau");
    var source = document.getElementById("reseau-donnees");
    if (!container || !source || !window.vis || !window.vis.Network) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var names = {};
    var nodes = data.nodes.map(function (node) {
      names[node.id] = node.label;
      var colour = COLOURS[node.field] || COLOURS.autre;
      return {
        id: node.id,
        label: node.label,
        title: node.label + " (" + node.fieldLabel + ")",
        color: { background: colour, border: colour, highlight: { background: colour, border: "#161616" } },
        // Long names wrap, and a white halo keeps a label readable over the edges.
        widthConstraint: { maximum: 170 },
        font: { color: "#161616", size: 14, strokeWidth: 4, strokeColor: "#ffffff" }
      };
    });
    var edges = data.edges.map(function (edge, index) {
      return { id: index, from: edge.from, to: edge.to, width: Math.min(1 + edge.origins.length, 5) };
    });
    var big = nodes.length > 120;
    var network = new window.vis.Network(
      container,
      { nodes: new window.vis.DataSet(nodes), edges: new window.vis.DataSet(edges) },
      {
        layout: { improvedLayout: !big, randomSeed: 22 },
        nodes: { shape: "dot", size: 12 },
        edges: { color: { color: "#929292", highlight: "#000091" }, smooth: false },
        interaction: { hover: true, navigationButtons: false, keyboard: false, hideEdgesOnDrag: big },
        physics: {
          solver: "forceAtlas2Based",
          // Nodes kept apart enough for their labels not to overlap.
          forceAtlas2Based: { gravitationalConstant: -90, springLength: 140, avoidOverlap: 0.8 },
          stabilization: { enabled: true, iterations: big ? 40 : 150, updateInterval: 1000 }
        }
      }
    );
    container.qicNetwork = network; // reached by the browser tests
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      // fit() frames the dots, not their labels: a little room so that none is cut.
      network.fit();
      network.moveTo({ scale: network.getScale() * 0.85 });
      container.setAttribute("data-drawn", "true");
    });
    network.on("click", function (params) {
      if (params.nodes.length) {
        showNode(params.nodes[0], data, names);
      }
    });
  }

  function showNode(id, data, names) {
    var panel = document.getElementById("reseau-selection");
    panel.replaceChildren();
    var title = el("h2", names[id]);
    title.className = "fr-h5";
    panel.appendChild(title);
    var list = el("ul");
    var count = 0;
    data.edges.forEach(function (edge) {
      if (edge.from !== id && edge.to !== id) {
        return;
      }
      count += 1;
      var other = edge.from === id ? edge.to : edge.from;
      var item = el("li");
      item.appendChild(el("strong", names[other]));
      var why = el("ul");
      edge.origins.forEach(function (origin) {
        var kind = data.originLabels[origin[0]] || origin[0];
        why.appendChild(el("li", kind + " : " + origin[1] + " (" + frenchDate(origin[2]) + ")"));
      });
      item.appendChild(why);
      list.appendChild(item);
    });
    panel.appendChild(el("p", count + (count > 1 ? " liens" : " lien")));
    panel.appendChild(list);
  }

  function dateSlider() {
    var group = document.getElementById("curseur-date");
    var slider = document.getElementById("curseur-mois");
    var input = document.getElementById("id_au");
    var said = document.getElementById("curseur-valeur");
    if (!group || !slider || !input) {
      return;
    }
    var today = new Date(slider.dataset.today + "T12:00:00");
    var on = new Date(slider.dataset.on + "T12:00:00");
    var back = (today.getFullYear() - on.getFullYear()) * 12 + today.getMonth() - on.getMonth();
    slider.value = Math.max(0, Math.min(back, Number(slider.max)));
    group.hidden = false;
    function dateFor(months) {
      var day = new Date(today.getTime());
      day.setDate(1);
      day.setMonth(day.getMonth() - months);
      if (months === 0) {
        return slider.dataset.today;
      }
      var last = new Date(day.getFullYear(), day.getMonth() + 1, 0);
      var month = String(last.getMonth() + 1).padStart(2, "0");
      return last.getFullYear() + "-" + month + "-" + String(last.getDate()).padStart(2, "0");
    }
    slider.addEventListener("input", function () {
      said.textContent = frenchDate(dateFor(Number(slider.value)));
    });
    slider.addEventListener("change", function () {
      input.value = dateFor(Number(slider.value));
      input.form.submit();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawNetwork();
    dateSlider();
  });
})();
