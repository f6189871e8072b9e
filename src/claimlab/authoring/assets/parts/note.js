/* Claim Lab static pages, part "note" (cl.note_box(name, prompt)): the learner's own words, kept as note
 * <name> as the NoteBox widget keeps them. */
(window.ClaimLabParts = window.ClaimLabParts || {}).note = function (api, el) {
  "use strict";
  var name = el.dataset.name, box = el.querySelector("textarea"), status = el.querySelector(".claimlab-status");
  var saved = api.note(name);
  if (typeof saved === "string" && saved.trim()) {
    box.value = saved;
    status.innerHTML = api.notice(api.esc(api.W("static.note_restored")), "info");
  }
  el.querySelector(".claimlab-save").addEventListener("click", function () {
    var words = box.value.trim();
    if (!words) { status.innerHTML = api.notice(api.esc(api.W("static.note_empty")), "unanswered"); return; }
    var ok = api.saveNote(name, words);
    status.innerHTML = ok ? api.notice(api.esc(api.W("static.note_saved")), "saved")
      : api.notice(api.esc(api.keptWords(false)), "warning");
  });
};
