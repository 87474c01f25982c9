/* Sign-in: POST /desk/api/login; the session cookie is set by the server (HTTP-only). */
(function () {
  "use strict";
  var form = document.getElementById("login");
  var error = document.getElementById("login-error");
  var button = form.querySelector("button[type=submit]");

  function show(text) { error.textContent = text; error.hidden = !text; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show("");
    button.disabled = true;
    fetch("/desk/api/login", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ email: form.email.value, password: form.password.value })
    }).then(function (response) {
      if (response.ok) { location.href = "/desk/"; return; }
      if (response.status === 429) {
        var wait = response.headers.get("Retry-After") || "a few";
        show("Too many failed attempts. Try again in " + wait + " seconds.");
      } else {
        show("Wrong e-mail or password.");
      }
      form.password.select();
    }).catch(function () {
      show("The desk did not answer. Check your connection and try again.");
    }).finally(function () { button.disabled = false; });
  });
}());
