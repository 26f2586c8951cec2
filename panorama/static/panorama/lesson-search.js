// Progressive enhancement of the lessons search: the results follow the words as they are typed,
// so a lesson is found within a keystroke's time (a word typed part-way already matches, see
// lessons/search.py). Without this script the form works as before, and with it the filters and the
// Search button still do. The address follows the words, so the back button and a copied link show
// the same results; a status message tells screen reader users how many lessons now match; focus
// stays in the search box.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-search]");
  var region = document.getElementById("pan-lesson-results");
  var status = document.getElementById("pan-lesson-status");
  if (!form || !region || !status || !window.fetch || !window.DOMParser || !window.URLSearchParams) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  if (!input) { return; }
  var timer = null;
  var controller = null;
  var shown = input.value;

  function address() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("format");  // the "Download as CSV" button's value: never when typing
    params.delete("page");  // new words start again at the first page
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function refresh() {
    var words = input.value;
    if (words === shown) { return; }
    var target = address();
    if (controller) { controller.abort(); }  // only the newest words' results are shown
    controller = window.AbortController ? new window.AbortController() : null;
    window.fetch(target, {
      credentials: "same-origin",
      headers: { "Accept": "text/html" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      var page = new window.DOMParser().parseFromString(html, "text/html");
      var fresh = page.getElementById("pan-lesson-results");
      if (!fresh) { return; }
      region.innerHTML = fresh.innerHTML;  // the server's own page, escaped and sanitised there
      shown = words;
      document.title = page.title;
      var heading = region.querySelector("#results");
      status.textContent = heading ? heading.textContent : "";
      window.history.replaceState(null, "", target);
    }).catch(function () {
      // Replaced by newer words, or the server could not answer: the Search button still works.
    });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 150);
  });
}());
