/* Claim Lab static pages, part "impression" (cl.first_impression(), revisit=True in notebook 06): how far the
 * learner trusts the article's figures, kept as note first_impression / final_impression as the ImpressionPoll
 * widget keeps it ({trust, label, why}). */
(window.ClaimLabParts = window.ClaimLabParts || {}).impression = function (api, el) {
  "use strict";
  var pack = api.packOf(el), name = el.dataset.name, W = api.W, esc = api.esc;
  var radios = Array.prototype.slice.call(el.querySelectorAll("input[type=radio]"));
  var why = el.querySelector("input[type=text]"), status = el.querySelector(".claimlab-status");
  function label(value) { return typeof value === "number" && Number.isInteger(value) ? pack.labels[String(value)] : undefined; }
  if (pack.revisit) {
    var first = api.note("first_impression"), before = api.isTable(first) ? label(first.trust) : undefined;
    var said = api.isTable(first) ? String(first.why || "").trim() : "";
    el.querySelector(".claimlab-earlier").innerHTML = before
      ? api.notice(esc(W("static.impression_earlier", {label: before, why: said ? " (“" + said + "”)." : "."})), "info")
      : api.notice(esc(W("static.impression_none")), "info");
  }
  var saved = api.note(name);
  if (api.isTable(saved) && label(saved.trust)) {
    radios.forEach(function (r) { r.checked = r.value === String(saved.trust); });
    why.value = String(saved.why || "");
    status.innerHTML = api.notice(esc(W("static.impression_restored")), "info");
  }
  el.querySelector(".claimlab-save").addEventListener("click", function () {
    var chosen = radios.filter(function (r) { return r.checked; })[0], trust = chosen ? parseInt(chosen.value, 10) : null;
    if (!label(trust)) { status.innerHTML = api.notice(esc(W("static.impression_choose")), "unanswered"); return; }
    var words = why.value.split(/\s+/).filter(function (w) { return w; }).join(" ");
    var ok = api.saveNote(name, {trust: trust, label: label(trust), why: words});
    var message = W("static.impression_saved", {label: label(trust)});
    if (pack.revisit) {
      var first = api.note("first_impression"), was = api.isTable(first) ? label(first.trust) : undefined;
      if (was) { message += was !== label(trust) ? W("static.impression_before", {before: was}) : W("static.impression_same"); }
    }
    status.innerHTML = ok ? api.notice(esc(message), "saved") : api.notice(esc(message + " " + api.keptWords(false)), "warning");
  });
};
