/* Loaded before each cell's output (Voilà's stock template does this inline). */
(function () {
  var me = document.currentScript;
  window.voila_process(Number(me.getAttribute("data-cell")), Number(me.getAttribute("data-count")));
})();
