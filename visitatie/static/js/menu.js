/* The main menu (templates/base.html). Without this script every group is a <details> that
   opens in place and the whole menu is shown; with it, on a narrow screen the menu folds
   behind a "Menu" button, and only one group is open at a time (Escape or a click elsewhere
   closes it). No inline script or style: the Content-Security-Policy forbids them. */
(function () {
  "use strict";

  function groepen(nav) {
    return Array.prototype.slice.call(nav.querySelectorAll(".vth-nav__groep details"));
  }

  function sluitGroepen(nav, behalve) {
    groepen(nav).forEach(function (d) {
      if (d !== behalve) { d.open = false; }
    });
  }

  function zetMenu(nav, knop, open) {
    nav.classList.toggle("vth-nav--open", open);
    knop.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function start() {
    var nav = document.querySelector(".vth-nav");
    if (!nav) { return; }
    var knop = nav.querySelector(".vth-nav__knop");
    nav.classList.add("vth-nav--js");
    if (knop) {
      knop.hidden = false;
      knop.addEventListener("click", function () {
        zetMenu(nav, knop, !nav.classList.contains("vth-nav--open"));
      });
    }
    groepen(nav).forEach(function (d) {
      d.addEventListener("toggle", function () {
        if (d.open) { sluitGroepen(nav, d); }
      });
    });
    nav.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") { return; }
      var open = groepen(nav).filter(function (d) { return d.open; })[0];
      if (open) {
        open.open = false;
        open.querySelector("summary").focus();
      } else if (knop && nav.classList.contains("vth-nav--open")) {
        zetMenu(nav, knop, false);
        knop.focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (!nav.contains(e.target)) { sluitGroepen(nav, null); }
    });
  }

  /* A table wider than the screen scrolls in its own box: give it a keyboard stop and a name
     (its caption), so it can be scrolled without a mouse; it keeps its role of table. */
  function tabellen() {
    Array.prototype.forEach.call(document.querySelectorAll(".vth-main table"), function (t) {
      if (t.scrollWidth > t.clientWidth + 1) {
        t.setAttribute("tabindex", "0");
        var bijschrift = t.querySelector("caption");
        t.setAttribute("aria-label", bijschrift ? bijschrift.textContent.trim() : "Tabel");
      }
    });
  }

  function klaar() {
    start();
    tabellen();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", klaar);
  } else {
    klaar();
  }
}());
