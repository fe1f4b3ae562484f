/* What Voilà's stock template writes as inline scripts, as a file: the page's Content-Security-Policy
   allows scripts from this server only, so that markup injected into a page cannot run (an inline
   event handler such as <img onerror=...> is refused by the browser). */
(function () {
  window.voila_heartbeat = function () {};
  window.update_loading_text = function (cellIndex, cellCount, text) {
    var spinner = document.getElementById("loading");
    if (spinner && spinner.style.display === "none") { spinner.style.display = "flex"; }
    var el = document.getElementById("loading_text");
    if (el) { el.textContent = text || ("正在加载（" + cellIndex + "/" + cellCount + "）"); }
  };
  window.display_cells = function () {
    if (!window.themeLoaded) { window.cellLoaded = true; return; }
    var el = document.getElementById("loading");
    if (el) { el.parentNode.removeChild(el); }
    el = document.getElementById("rendered_cells");
    if (el) { el.style.display = ""; }
  };
  window.voila_process = window.update_loading_text;
  window.voila_finish = window.display_cells;
  /* Voilà frees a tab's kernel with a beacon that carries the _xsrf cookie, but a page opened
     directly never gets that cookie and its kernel would leak (voila issue 1458). The landing
     page sets it, so ask for it once. */
  if (!/(^|;\s*)_xsrf=/.test(document.cookie)) {
    var base = (document.body && document.body.getAttribute("data-base-url") || "/voila/").replace(/voila\/$/, "");
    fetch(base, {credentials: "same-origin"});
  }
})();
