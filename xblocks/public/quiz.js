/* Progressive enhancement of the CP quiz blocks: the forms work without
   this script; with it, a submission is posted as JSON and the block's
   form and result are swapped in place. Any network failure falls back to
   the normal form post. */
function CpQuizBlock(runtime, element) {
  "use strict";
  var root = element && element.jquery ? element[0] : element;
  if (!root || !window.fetch || !window.FormData || !window.JSON) {
    return;
  }

  function readAnswer(form) {
    var data = new FormData(form);
    var kind = form.getAttribute("data-answer");
    if (kind === "multiple") {
      return data.getAll("answer");
    }
    if (kind === "matching") {
      var matches = {};
      data.forEach(function (value, name) {
        if (name.indexOf("match-") === 0) {
          matches[name.slice(6)] = value;
        }
      });
      return matches;
    }
    return data.get("answer");
  }

  function showError(form, message) {
    var box = form.querySelector(".cp-quiz-error");
    box.textContent = message;
    box.hidden = false;
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("cp-quiz-form")) {
      return;
    }
    event.preventDefault();
    var body = form.parentNode;
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({
        answer: readAnswer(form),
        idempotency_key: form.elements.idempotency_key.value
      })
    }).then(function (response) {
      return response.json();
    }).then(function (reply) {
      if (reply.html) {
        body.innerHTML = reply.html;
        var result = body.querySelector(".cp-quiz-result");
        if (result) {
          result.focus();
        }
      } else {
        showError(form, reply.error || "");
        if (button) {
          button.disabled = false;
        }
      }
    }).catch(function () {
      form.submit();
    });
  });
}
