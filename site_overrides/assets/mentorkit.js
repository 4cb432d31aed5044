// mentorkit's small additions to the theme's behaviour. No dependencies;
// the page works without it (tables then simply scroll with a mouse or touch).

// WCAG 2.1.1 (axe: scrollable-region-focusable): a table wider than a phone
// scrolls sideways inside the theme's wrapper, which a keyboard cannot reach.
// Make every wrapper that actually scrolls a focusable region named after the
// heading above it, so arrow keys scroll it and a screen reader announces it.
(function () {
  function label(wrap) {
    var node = wrap.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
    var heading = node ? node.textContent.replace(/\u00b6/g, "").trim() : "";
    return heading ? "Table: " + heading : "Table";
  }
  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
  // The theme wraps tables when it mounts a page; document$ emits after that.
  if (typeof document$ !== "undefined") document$.subscribe(mark);
  else document.addEventListener("DOMContentLoaded", mark);
})();

// WCAG 2.1.1 and 4.1.2: on narrow screens the theme's menu and search buttons
// are <label>s for hidden checkboxes, which a mouse or finger can use but a
// keyboard cannot reach (Material for MkDocs issue #4101). Put a real button
// inside each, named and with its state, that flips the same checkbox and
// tells the theme through the checkbox's change event.
(function () {
  var names = { __drawer: "Menu", __search: "Search" };
  document.querySelectorAll("label.md-header__button[for]").forEach(function (label) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle || !names[label.htmlFor] || label.querySelector("button")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mk-header-toggle";
    button.setAttribute("aria-label", names[label.htmlFor]);
    button.setAttribute("aria-expanded", String(toggle.checked));
    while (label.firstChild) button.appendChild(label.firstChild);
    label.appendChild(button);
    // A click on a button inside a label does not reach the checkbox by
    // itself (the label ignores clicks on interactive content), so flip it.
    button.addEventListener("click", function () {
      toggle.checked = !toggle.checked;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
    });
    toggle.addEventListener("change", function () {
      button.setAttribute("aria-expanded", String(toggle.checked));
    });
  });
})();

// ---- mentorkit hardening: the search form's submit button ----
// The theme searches as you type and never submits its form; the button a
// form needs (HTML_CodeSniffer H32.2) opens the first result instead of
// reloading the page with the query.
document.addEventListener("submit", function (event) {
  if (!event.target.matches || !event.target.matches("form.md-search__form")) return;
  event.preventDefault();
  var first = document.querySelector(".md-search-result__link");
  if (first) window.location.href = first.href;
});
