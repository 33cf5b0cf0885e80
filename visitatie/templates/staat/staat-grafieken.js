// Interactive charts for the Staat van VTH site. Every figure is already in the page as a
// static SVG with a text summary and a data table; this script puts the interactive Vega-Lite
// chart next to it. Vega runs its expressions through vega-interpreter (no eval), so the
// page works under a Content-Security-Policy without 'unsafe-eval'.
(function () {
  "use strict";

  function interactief(img) {
    var spec = img.getAttribute("src").replace(/\.svg$/, ".vl.json");
    var houder = document.createElement("div");
    houder.className = "grafiek-interactief";
    houder.setAttribute("role", "img");
    houder.setAttribute("aria-label", img.getAttribute("alt") + " (interactief; dezelfde gegevens staan in de tabel)");
    img.parentNode.insertBefore(houder, img.nextSibling);
    return fetch(spec)
      .then(function (antwoord) { return antwoord.json(); })
      .then(function (vl) {
        return window.vegaEmbed(houder, vl, {
          ast: true, expr: window.vegaExpressionInterpreter, renderer: "canvas", actions: false,
          defaultStyle: false, tooltip: { disableDefaultStyle: true }
        });
      })
      .then(function () { img.classList.add("statisch-vervangen"); })
      .catch(function () { houder.remove(); });  // the static SVG stays
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.vegaEmbed || !window.vegaExpressionInterpreter) { return; }
    // the chapters' charts, and from an OD's own page (a folder deeper) its profile chart
    document.querySelectorAll('main img[src^="figuren/"][src$=".svg"], ' +
                              'main img[src^="../figuren/"][src$=".svg"]').forEach(interactief);
  });
})();
