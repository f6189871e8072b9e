/* Claim Lab static pages, part "practice" (cl.practice()): this learner's practice passages, drawn at build
 * time by claimlab.core.bank.practice_draw for each seed the site offers, shown one at a time with a Next
 * passage button, as the PracticeSet widget shows them; passages answered before are shown at once. */
(window.ClaimLabParts = window.ClaimLabParts || {}).practice = function (api, el) {
  "use strict";
  var pack = api.packOf(el), drawn = pack.seeds[api.seed(Object.keys(pack.seeds))];
  var total = drawn.length, shown = 0, sections = {};
  var next = el.querySelector(".claimlab-next-passage");
  Array.prototype.forEach.call(el.querySelectorAll(".claimlab-passage"), function (s) { sections[s.dataset.passage] = s; });
  drawn.forEach(function (pid) { el.insertBefore(sections[pid], next); });  // in this learner's order
  function showUpTo(wanted) {
    while (shown < Math.min(wanted, total)) {
      shown += 1;
      var section = sections[drawn[shown - 1]];
      section.hidden = false;
      section.querySelector(".claimlab-passage-heading").textContent = api.W("practice.heading", {number: shown, total: total});
    }
    next.hidden = shown >= total;
    next.textContent = shown < total ? api.W("practice.next", {number: shown + 1, total: total}) : "";
  }
  var answers = api.load().exercises, answered = [1];
  drawn.forEach(function (pid, i) {
    var asked = Array.prototype.map.call(sections[pid].querySelectorAll(".claimlab-q"), function (q) { return q.dataset.id; });
    if (asked.some(function (qid) { return answers[qid]; })) { answered.push(i + 1); }
  });
  showUpTo(Math.max.apply(null, answered));
  next.addEventListener("click", function () {
    showUpTo(shown + 1);
    var heading = sections[drawn[shown - 1]].querySelector(".claimlab-passage-heading");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  });
};
