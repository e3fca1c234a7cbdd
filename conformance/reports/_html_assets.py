"""The inline stylesheet and script of ``report.html`` (the page loads nothing else).

The script filters the requirement matrix by verdict, area and level. The filter lives in the
URL fragment (``report.html#verdict=fail&area=auth``), so a filtered view can be linked, and a
headless browser given such a URL renders that view. It only ever sets ``hidden``,
``textContent`` and select values: no markup is built from data.
"""

from __future__ import annotations

__all__ = ["SCRIPT", "STYLE"]

STYLE = """
:root { --pass: #1a7f37; --fail: #cf222e; --error: #9a6700; --skip: #57606a;
        --disabled: #8c959f; --line: #d0d7de; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1f2328; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
.meta { color: #57606a; margin: 0 0 1rem; }
.verdict { font-weight: 600; padding: 0 .35rem; border-radius: 3px; color: #fff; }
.v-pass { background: var(--pass); } .v-fail { background: var(--fail); }
.v-error { background: var(--error); } .v-skip { background: var(--skip); }
.v-incomplete { background: var(--skip); }
.v-disabled { background: var(--disabled); }
#counts { display: flex; gap: .6rem; list-style: none; padding: 0; margin: 0 0 1rem; }
#counts li { border: 1px solid var(--line); border-radius: 6px; padding: .3rem .7rem; }
#counts b { font-size: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #afb8c1; }
.reason { color: #57606a; font-size: .92em; overflow-wrap: anywhere; }
#matrix td:first-child { white-space: nowrap; }
#areas { width: auto; } #areas td.n { min-width: 4.5rem; }
.tag { font-size: .8em; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; }
#filters { display: flex; gap: 1rem; align-items: end; margin: 0 0 .6rem; flex-wrap: wrap; }
#filters label { display: flex; flex-direction: column; font-size: .85em; color: #57606a; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap;
      word-break: break-all; margin: .3rem 0; }
details { margin-top: .3rem; }
summary { cursor: pointer; color: #0969da; }
"""

SCRIPT = """
(function () {
  "use strict";
  var KEYS = ["verdict", "area", "level"];
  function current() {
    var wanted = {};
    var query = new URLSearchParams(window.location.search);
    var hash = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    KEYS.forEach(function (key) { wanted[key] = hash.get(key) || query.get(key) || ""; });
    return wanted;
  }
  function apply(wanted) {
    var shown = 0;
    document.querySelectorAll("tr.req").forEach(function (row) {
      var keep = KEYS.every(function (key) {
        return !wanted[key] || row.getAttribute("data-" + key) === wanted[key];
      });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    KEYS.forEach(function (key) {
      var select = document.getElementById("filter-" + key);
      if (select) { select.value = wanted[key]; }
    });
    document.getElementById("shown-count").textContent = String(shown);
    var active = KEYS.filter(function (key) { return wanted[key]; })
      .map(function (key) { return key + "=" + wanted[key]; });
    document.getElementById("active-filter").textContent = active.join(", ") || "none";
  }
  function update() {
    var params = new URLSearchParams();
    KEYS.forEach(function (key) {
      var value = document.getElementById("filter-" + key).value;
      if (value) { params.set(key, value); }
    });
    window.location.hash = params.toString();
    apply(current());
  }
  KEYS.forEach(function (key) {
    document.getElementById("filter-" + key).addEventListener("change", update);
  });
  window.addEventListener("hashchange", function () { apply(current()); });
  apply(current());
  document.documentElement.setAttribute("data-ready", "true");
})();
"""
