/* Autosave of a questionnaire section, without inline script (the CSP allows none).

   Each question block (div[data-autosave]) is saved on its own: text while typing (after a
   short pause) and when leaving the field, choices at once. The server answers JSON:
   200 saved (new version, time, progress per section), 409 someone else saved first (both
   versions), 422 refused (a Dutch reason). A conflict is shown at the field; the person keeps
   their own version (saved over the new one), takes the other, or sets their own text aside
   first. Nothing typed is dropped, and leaving the page with unsaved text asks first. */
(function () {
  "use strict";

  var PAUZE = 1000; // ms without typing before a text is saved
  var form = document.querySelector("form.vth-vragenlijst");
  if (!form || !window.fetch) {
    return;
  }
  var staten = [];
  var verstuurd = false; // the section form itself is being submitted: no leave warning
  var herladenGevraagd = false;

  function csrf() {
    var veld = form.querySelector("input[name=csrf_token]");
    return veld ? veld.value : "";
  }

  function gegevens(blok) {
    var data = new FormData();
    blok.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (!el.name || el.disabled || el.type === "file") {
        return;
      }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) {
        return;
      }
      data.append(el.name, el.value);
    });
    return data;
  }

  function vingerafdruk(blok) {
    var delen = [];
    gegevens(blok).forEach(function (waarde, naam) {
      if (naam.indexOf("versie__") !== 0) {
        delen.push(naam + "=" + waarde);
      }
    });
    return delen.join("&");
  }

  function maak(tag, klasse, tekst) {
    var el = document.createElement(tag);
    if (klasse) {
      el.className = klasse;
    }
    if (tekst !== undefined) {
      el.textContent = tekst;
    }
    return el;
  }

  function knop(tekst, actie) {
    var b = maak("button", "utrecht-button utrecht-button--secondary-action", tekst);
    b.type = "button";
    b.addEventListener("click", actie);
    return b;
  }

  function meld(staat, tekst, fout) {
    staat.status.textContent = tekst;
    staat.status.classList.toggle("vth-error", Boolean(fout));
  }

  function versieVeld(staat) {
    return staat.blok.querySelector("input[name='versie__" + staat.code + "']");
  }

  function onopgeslagen(staat) {
    return Boolean(staat.timer || staat.bezig || staat.conflict) ||
      vingerafdruk(staat.blok) !== staat.opgeslagen;
  }

  // ------------------------------------------------------------------ saving

  function plan(staat) {
    clearTimeout(staat.timer);
    staat.timer = setTimeout(function () {
      staat.timer = null;
      bewaar(staat);
    }, PAUZE);
  }

  function bewaar(staat) {
    clearTimeout(staat.timer);
    staat.timer = null;
    if (staat.conflict) {
      return;
    }
    if (staat.bezig) {
      staat.nogmaals = true;
      return;
    }
    var afdruk = vingerafdruk(staat.blok);
    if (afdruk === staat.opgeslagen) {
      return;
    }
    staat.bezig = true;
    meld(staat, "Bezig met opslaan…");
    fetch(staat.url, {
      method: "POST",
      body: gegevens(staat.blok),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Accept": "application/json" }
    }).then(function (antwoord) {
      return antwoord.json().catch(function () {
        return {};
      }).then(function (json) {
        verwerk(staat, antwoord.status, json, afdruk);
      });
    }).catch(function () {
      meld(staat, "Niet opgeslagen: geen verbinding met de server. Uw tekst staat er nog; " +
        "we proberen het opnieuw zodra u verder typt of het veld verlaat.", true);
    }).then(function () {
      staat.bezig = false;
      if (staat.nogmaals) {
        staat.nogmaals = false;
        bewaar(staat);
      }
      herlaadAlsKlaar();
    });
  }

  function verwerk(staat, code, json, afdruk) {
    if (code === 200) {
      staat.opgeslagen = afdruk;
      versieVeld(staat).value = json.versie;
      toonGetal(staat, json.tonen);
      meld(staat, "Opgeslagen om " + json.tijd + ".");
      staat.blok.classList.remove("utrecht-form-field--invalid");
      werkVoortgangBij(json.voortgang || {});
      if (json.herladen) {
        herladenGevraagd = true;
      }
    } else if (code === 409) {
      toonConflict(staat, json);
    } else if (code === 403) {
      meld(staat, "Niet opgeslagen: u kunt deze vragenlijst niet (meer) wijzigen. " +
        "Zet uw tekst apart en laad de pagina opnieuw.", true);
    } else {
      staat.blok.classList.add("utrecht-form-field--invalid");
      meld(staat, "Niet opgeslagen: " + (json.boodschap || "probeer het opnieuw.") +
        " Wat u invulde staat er nog.", true);
    }
  }

  function toonGetal(staat, tonen) {
    var veld = staat.blok.querySelector("input[data-getal]");
    if (veld && typeof tonen === "string" && document.activeElement !== veld) {
      veld.value = tonen;
      staat.opgeslagen = vingerafdruk(staat.blok);
    }
  }

  function werkVoortgangBij(voortgang) {
    Object.keys(voortgang).forEach(function (sectie) {
      var el = document.querySelector("[data-voortgang='" + sectie + "']");
      if (el) {
        el.textContent = voortgang[sectie][0] + " van " + voortgang[sectie][1] + " beantwoord";
      }
    });
  }

  // A question others depend on changed: reload to show or hide them, once nothing is unsaved.
  function herlaadAlsKlaar() {
    if (!herladenGevraagd) {
      return;
    }
    var open = staten.filter(onopgeslagen);
    if (open.some(function (s) { return s.conflict; })) {
      return;
    }
    if (open.length === 0) {
      herladenGevraagd = false;
      verstuurd = true;
      window.location.reload();
      return;
    }
    open.forEach(function (s) {
      if (!s.bezig) {
        bewaar(s);
      }
    });
  }

  // ------------------------------------------------------------------ conflicts

  function toonConflict(staat, json) {
    verwijderConflict(staat);
    staat.conflict = json;
    meld(staat, "Niet opgeslagen: iemand anders heeft dit antwoord intussen gewijzigd.", true);
    var vak = maak("div", "utrecht-alert utrecht-alert--error vth-conflict");
    vak.setAttribute("role", "alert");
    var inhoud = maak("div", "utrecht-alert__content");
    inhoud.appendChild(maak("p", "utrecht-alert__message", json.boodschap));
    inhoud.appendChild(maak("p", null, "Opgeslagen door " + (json.door || "een ander") + ":"));
    inhoud.appendChild(maak("pre", "vth-versie vth-versie--hunne", json.hunne));
    inhoud.appendChild(maak("p", null, "Uw versie (nog niet opgeslagen):"));
    inhoud.appendChild(maak("pre", "vth-versie vth-versie--uwe", json.uwe));
    var knoppen = maak("div", "vth-knoppen");
    knoppen.appendChild(knop("Mijn versie bewaren", function () { houdEigen(staat); }));
    if (json.hunne_veld !== null && json.hunne_veld !== undefined) {
      knoppen.appendChild(knop("De andere versie overnemen", function () { neemOver(staat); }));
    }
    knoppen.appendChild(knop("Mijn versie apart zetten en de andere overnemen", function () {
      zetApart(staat.code, staat.label, json.uwe);
      neemOver(staat);
    }));
    inhoud.appendChild(knoppen);
    vak.appendChild(inhoud);
    staat.status.parentNode.insertBefore(vak, staat.status);
    staat.conflictVak = vak;
  }

  function verwijderConflict(staat) {
    if (staat.conflictVak) {
      staat.conflictVak.remove();
      staat.conflictVak = null;
    }
    staat.conflict = null;
  }

  function houdEigen(staat) {
    versieVeld(staat).value = staat.conflict.versie;
    verwijderConflict(staat);
    staat.opgeslagen = null;
    bewaar(staat);
    focusVeld(staat);
  }

  function neemOver(staat) {
    var conflict = staat.conflict;
    versieVeld(staat).value = conflict.versie;
    verwijderConflict(staat);
    if (conflict.hunne_veld === null || conflict.hunne_veld === undefined) {
      herladenGevraagd = true; // a list of findings: the page shows the stored list
      staat.opgeslagen = vingerafdruk(staat.blok);
      herlaadAlsKlaar();
      return;
    }
    zetVeld(staat.blok, conflict.hunne_veld);
    staat.opgeslagen = vingerafdruk(staat.blok);
    meld(staat, "De andere versie staat nu in het veld; er is niets overschreven.");
    focusVeld(staat);
    herlaadAlsKlaar();
  }

  function zetVeld(blok, waarde) {
    var lijst = Array.isArray(waarde) ? waarde : [waarde];
    blok.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file") {
        return;
      }
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = lijst.indexOf(el.value) !== -1;
      } else {
        el.value = lijst[0] === undefined ? "" : lijst[0];
      }
    });
  }

  function focusVeld(staat) {
    var veld = staat.blok.querySelector("input:not([type=hidden]), textarea, select");
    if (veld) {
      veld.focus();
    }
  }

  // ------------------------------------------------------------------ text set aside

  function opslagSleutel() {
    return "vth-apart:" + window.location.pathname;
  }

  function apartGezet() {
    try {
      return JSON.parse(window.sessionStorage.getItem(opslagSleutel()) || "[]");
    } catch (e) {
      return [];
    }
  }

  function bewaarApart(lijst) {
    try {
      window.sessionStorage.setItem(opslagSleutel(), JSON.stringify(lijst));
    } catch (e) {
      // storage full or refused: the box on the page still holds the text
    }
  }

  function zetApart(code, label, tekst) {
    var item = { code: code, label: label, tekst: tekst, id: String(Date.now()) };
    bewaarApart(apartGezet().concat([item]));
    toonApart(item);
  }

  function toonApart(item) {
    var blok = document.getElementById("vraag-" + item.code);
    var vak = maak("div", "vth-apart");
    vak.appendChild(maak("p", "utrecht-form-label", "Uw eigen versie, apart gezet (" + item.label + ")"));
    var veld = maak("textarea", "utrecht-textbox");
    veld.readOnly = true;
    veld.rows = 4;
    veld.value = item.tekst;
    veld.setAttribute("aria-label", "Uw eigen versie van: " + item.label);
    vak.appendChild(veld);
    var knoppen = maak("div", "vth-knoppen");
    knoppen.appendChild(knop("Kopiëren", function () {
      veld.select();
      if (navigator.clipboard) {
        navigator.clipboard.writeText(item.tekst).catch(function () {});
      }
    }));
    knoppen.appendChild(knop("Weggooien", function () {
      bewaarApart(apartGezet().filter(function (i) { return i.id !== item.id; }));
      vak.remove();
    }));
    vak.appendChild(knoppen);
    if (blok) {
      blok.appendChild(vak);
    } else {
      form.insertBefore(vak, form.firstChild);
    }
  }

  // ------------------------------------------------------------------ wiring

  function volg(blok) {
    var code = blok.id.replace(/^vraag-/, "");
    var label = blok.querySelector("label, legend");
    var staat = {
      blok: blok,
      code: code,
      label: label ? label.textContent.replace("(verplicht)", "").replace(/\s+/g, " ").trim() : code,
      url: blok.getAttribute("data-autosave"),
      status: document.getElementById("status-" + code),
      opgeslagen: vingerafdruk(blok),
      timer: null,
      bezig: false,
      nogmaals: false,
      conflict: null,
      conflictVak: null
    };
    blok.addEventListener("input", function (e) {
      if (e.target.type === "radio" || e.target.type === "checkbox") {
        return; // saved on change, at once
      }
      if (!staat.conflict) {
        meld(staat, "Nog niet opgeslagen…");
      }
      plan(staat);
    });
    blok.addEventListener("change", function () {
      bewaar(staat);
    });
    staten.push(staat);
  }

  document.querySelectorAll("[data-autosave]").forEach(volg);
  apartGezet().forEach(toonApart);

  form.addEventListener("submit", function () {
    verstuurd = true;
  });
  window.addEventListener("beforeunload", function (e) {
    if (verstuurd || !staten.some(onopgeslagen)) {
      return undefined;
    }
    staten.forEach(function (s) {
      if (s.timer) {
        bewaar(s); // start saving now; the browser asks the person whether to leave
      }
    });
    e.preventDefault();
    e.returnValue = "";
    return "";
  });
  window.addEventListener("pageshow", function () {
    verstuurd = false;
  });
}());
