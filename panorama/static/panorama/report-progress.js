// While a report's draft is being prepared, keep its page's progress up to date without reloading
// it: fetch the page every few seconds and put in its new content. Without JavaScript the page
// says to refresh it.
(function () {
  var content = document.querySelector("[data-report-working]");
  if (!content || !window.fetch || !window.DOMParser) return;
  var area = content.closest(".ds_layout__content");
  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".ds_layout__content");
        if (fresh && area) area.innerHTML = fresh.innerHTML;
        if (document.querySelector("[data-report-working]")) window.setTimeout(poll, 3000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 3000);
})();
