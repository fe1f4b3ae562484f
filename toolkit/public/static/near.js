// 找联络站: offer to order the stations by distance. The phone's place goes only into the page's own
// address (rounded to about 100 m); the server uses it for the order and keeps nothing.
(function () {
  if (!navigator.geolocation) return;
  var box = document.getElementById("near"), button = document.getElementById("near-button"),
      note = document.getElementById("near-note");
  box.hidden = false;
  button.addEventListener("click", function () {
    note.textContent = "正在获取位置……";
    navigator.geolocation.getCurrentPosition(function (p) {
      location.href = "/s?lon=" + p.coords.longitude.toFixed(3) + "&lat=" + p.coords.latitude.toFixed(3);
    }, function () { note.textContent = "未能获取位置，请按县区查找。"; }, {timeout: 10000, maximumAge: 600000});
  });
})();
