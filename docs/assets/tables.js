// Material wraps each table in a box that scrolls sideways on a narrow screen. Such a box
// must be reachable by keyboard (axe: scrollable-region-focusable): give it a tab stop and a
// name taken from the heading above the table.
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) return;
    var heading = box.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", heading ? heading.textContent.replace(/¶$/, "").trim() + " (table)" : "Table");
  });
});
