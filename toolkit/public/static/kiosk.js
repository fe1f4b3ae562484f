/* 满意度测评机: back to the start after a minute untouched. Any touch or key starts the minute
   again, so a slow respondent keeps their answers (a plain meta refresh, used without script,
   would not wait for them). The page works without this file. */
(function () {
  var body = document.body, home = body.getAttribute("data-idle-home");
  var seconds = Number(body.getAttribute("data-idle-seconds"));
  if (!home || !seconds) { return; }
  var timer = null;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.href = home; }, seconds * 1000);
  }
  ["pointerdown", "keydown", "input", "scroll"].forEach(function (name) {
    document.addEventListener(name, arm, true);
  });
  arm();
})();
