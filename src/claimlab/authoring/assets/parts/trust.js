/* Claim Lab static pages, part "trust" (cl.trust_form("pre"/"post")): this learner's form for the stage, in
 * this learner's order (claimlab.core.bank.forms_for and form_items, compiled for each seed the site offers),
 * each passage rated 1-5; Save keeps note "trust_<stage>" = {form, seed, ratings} as the TrustForm widget does. */
(window.ClaimLabParts = window.ClaimLabParts || {}).trust = function (api, el) {
  "use strict";
  var pack = api.packOf(el), stage = el.dataset.stage, seed = api.seed(Object.keys(pack.seeds));
  var mine = pack.seeds[seed], form = mine.forms[stage], items = mine[stage], byId = {};
  var saveButton = el.querySelector(".claimlab-save"), status = el.querySelector(".claimlab-status");
  Array.prototype.forEach.call(el.querySelectorAll(".claimlab-trust-item"), function (item) { byId[item.dataset.passage] = item; });
  items.forEach(function (pid, i) {
    var item = byId[pid];
    el.insertBefore(item, saveButton);
    item.hidden = false;
    item.querySelector(".claimlab-trust-number").textContent = (i + 1) + ".";
    item.querySelector(".claimlab-scale").setAttribute("aria-label", (i + 1) + ". " + api.W("trust.prompt"));
  });
  var saved = api.note("trust_" + stage), ratings = api.isTable(saved) && api.isTable(saved.ratings) ? saved.ratings : {};
  items.forEach(function (pid) {
    Array.prototype.forEach.call(byId[pid].querySelectorAll("input"), function (r) {
      r.checked = ratings[pid] !== undefined && String(ratings[pid]) === r.value;
    });
  });
  if (Object.keys(ratings).length) { status.innerHTML = api.notice(api.esc(api.W("trust.restored")), "saved"); }
  saveButton.addEventListener("click", function () {
    var chosen = {};
    items.forEach(function (pid) {
      var r = Array.prototype.filter.call(byId[pid].querySelectorAll("input"), function (e) { return e.checked; })[0];
      if (r) { chosen[pid] = parseInt(r.value, 10); }
    });
    var missing = items.length - Object.keys(chosen).length;
    var ok = api.saveNote("trust_" + stage, {form: form, seed: seed, ratings: chosen});
    if (!ok) { status.innerHTML = api.notice(api.esc(api.keptWords(false)), "warning"); }
    else if (missing) { status.innerHTML = api.notice(api.esc(api.W("trust.saved_missing", {missing: missing})), "warning"); }
    else { status.innerHTML = api.notice(api.esc(api.W("trust.saved")), "saved"); }
  });
};
