/* Claim Lab static pages: check answers in the browser and keep them in this browser's localStorage.
 *
 * No feedback text is written here: claimlab.authoring.quizdata computes every answer's feedback at
 * build time with the kernel's own functions, and this script only looks it up (or, for numbers and
 * free text, applies the same documented rules) and joins the stored pieces of HTML. Answers are kept
 * under the localStorage key "claimlab-answers" in the format of claimlab.core.store (format
 * "claimlab-answers", version 1), and "Download my answers" saves that file for the instructor.
 * No network request is made.
 */
(function () {
  "use strict";
  var KEY = "claimlab-answers";
  var C = JSON.parse(document.getElementById("claimlab-config").textContent);
  var memoryOnly = false;

  // ------------------------------------------------------------------ the answers store
  function now() { return new Date().toISOString().replace(/\.\d+Z$/, "+00:00"); }
  function emptyStore() {
    var t = now();
    return {format: "claimlab-answers", version: 1, article: C.article, created: t, updated: t,
            ratings: {}, exercises: {}, notes: {}};
  }
  var memory = null;
  function load() {
    if (memory && memoryOnly) { return memory; }
    try {
      var doc = JSON.parse(window.localStorage.getItem(KEY));
      if (doc && doc.format === "claimlab-answers") {
        ["ratings", "exercises", "notes"].forEach(function (k) { if (!doc[k] || typeof doc[k] !== "object") { doc[k] = {}; } });
        return doc;
      }
    } catch (e) { /* no storage (private window, file:// in some browsers): keep answers in memory */ }
    return memory || emptyStore();
  }
  function save(doc) {
    doc.updated = now();
    memory = doc;
    try { window.localStorage.setItem(KEY, JSON.stringify(doc)); memoryOnly = false; return true; }
    catch (e) { memoryOnly = true; return false; }
  }
  function savedWord(ok) {
    return ok ? "" : " This browser does not let the page keep them: download your answers before you leave.";
  }

  // ------------------------------------------------------------------ compiled data
  function unpack(name, blob) {
    var key = new TextEncoder().encode("claimlab:" + name);
    var raw = atob(blob), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i) ^ key[i % key.length]; }
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }
  function notice(body, kind) { var f = C.notice[kind] || C.notice.info; return f[0] + body + f[1]; }
  function feedbackHTML(qid, entry, lines, answerText) {
    var html = C.frames[entry[0]].replace("{qid}", esc(qid));
    var items = entry.slice(1).map(function (i) { return lines[i]; }).join("");
    if (answerText !== undefined) { items = items.split(C.mark).join(esc(pyRepr(answerText))); }
    if (items) { html = html.slice(0, -"</div>".length) + C.ul + items + "</ul></div>"; }
    return html;
  }
  // Python's repr() of a str, cut like claimlab.core.exercises._describe (the kernel quotes the answer)
  function pyRepr(s) {
    var q = (s.indexOf("'") >= 0 && s.indexOf('"') < 0) ? '"' : "'";
    var out = q;
    Array.from(s).forEach(function (ch) {
      var code = ch.codePointAt(0);
      if (ch === "\\" || ch === q) { out += "\\" + ch; }
      else if (ch === "\n") { out += "\\n"; } else if (ch === "\r") { out += "\\r"; } else if (ch === "\t") { out += "\\t"; }
      else if (code < 32 || code === 127) { out += "\\x" + (code < 16 ? "0" : "") + code.toString(16); }
      else { out += ch; }
    });
    out += q;
    return out.length <= 60 ? out : out.slice(0, 57) + "...";
  }

  // ------------------------------------------------------------------ exercise questions
  function controlsOf(box) { return Array.prototype.slice.call(box.querySelectorAll("input, select, textarea")); }
  function readAnswer(box, type) {
    var c = controlsOf(box);
    if (type === "choice") { var r = c.filter(function (e) { return e.checked; })[0]; return r ? r.value : null; }
    if (type === "multi") { var m = c.filter(function (e) { return e.checked; }).map(function (e) { return e.value; }); return m.length ? m : null; }
    if (type === "order") { var o = c.map(function (e) { return e.value; }).filter(Boolean); return o.length ? o : null; }
    if (type === "match") {
      var d = {}, any = false, ids = JSON.parse(box.dataset.items);
      c.forEach(function (e, i) { if (e.value) { d[ids[i]] = e.value; any = true; } });
      return any ? d : null;
    }
    var v = c[0].value.trim();
    return v ? v : null;
  }
  function writeAnswer(box, type, answer) {
    var c = controlsOf(box);
    if (type === "choice") { c.forEach(function (e) { e.checked = e.value === answer; }); }
    else if (type === "multi") { c.forEach(function (e) { e.checked = Array.isArray(answer) && answer.indexOf(e.value) >= 0; }); }
    else if (type === "order") { c.forEach(function (e, i) { e.value = (Array.isArray(answer) && answer[i]) || ""; }); }
    else if (type === "match") { var ids = JSON.parse(box.dataset.items); c.forEach(function (e, i) { e.value = (answer && answer[ids[i]]) || ""; }); }
    else if (typeof answer === "string" || typeof answer === "number") { c[0].value = String(answer); }
  }
  function tableIndex(pack, box, type) {
    var c = controlsOf(box), picked;
    if (type === "choice") { var r = c.filter(function (e) { return e.checked; })[0]; if (!r) { return -1; } picked = [r.value]; }
    else if (type === "multi") { picked = c.map(function (e) { return e.checked ? e.value : ""; }); }
    else { picked = c.map(function (e) { return e.value; }); }
    var index = 0;
    for (var i = 0; i < pack.axes.length; i++) { index = index * pack.axes[i].length + Math.max(0, pack.axes[i].indexOf(picked[i])); }
    return index;
  }
  function asNumber(s) {
    if (s.length > 100) { return null; }
    var cleaned = s.trim().replace(/(\d)[,_\s\u00a0\u202f'](?=\d)/g, "$1");
    if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cleaned)) { return parseFloat(cleaned); }
    var word = cleaned.toLowerCase();
    if (word === "nan") { return NaN; }
    if (["inf", "infinity"].indexOf(word) >= 0) { return Infinity; }
    if (["-inf", "-infinity"].indexOf(word) >= 0) { return -Infinity; }
    return null;
  }
  function within(given, expected, tol) {
    if (tol.percent !== undefined) { return Math.abs(given - expected) <= Math.abs(expected) * tol.percent / 100; }
    return Math.abs(given - expected) <= (tol.absolute || 0);
  }
  function regex(pattern) { try { return new RegExp(pattern, "iu"); } catch (e) { return new RegExp(pattern, "i"); } }
  // [status, line numbers...] for an answer, as claimlab.core.exercises.check gives it
  function judgeExercise(pack, box, answer) {
    if (answer === null) { return pack.empty; }
    if (pack.table) { return pack.table[tableIndex(pack, box, pack.type)]; }
    if (pack.type === "number") {
      var n = asNumber(answer);
      if (n === null) { return pack.invalid; }
      if (!isFinite(n)) { return pack.notfinite; }
      if (within(n, pack.expected, pack.tol)) { return pack.correct; }
      for (var t = 0; t < pack.traps.length; t++) {
        if (within(n, pack.traps[t].expected, pack.traps[t].tol)) { return pack.traps[t].entry; }
      }
      return n < pack.expected ? pack.low : pack.high;
    }
    if (Array.from(answer).length > pack.limit) { return pack.toolong; }
    var missing = pack.require.filter(function (r) { return !regex(r[0]).test(answer); }).map(function (r) { return r[1]; });
    var forbidden = pack.forbid.filter(function (r) { return regex(r[0]).test(answer); }).map(function (r) { return r[1]; });
    if (!missing.length && !forbidden.length) { return pack.correct; }
    var met = pack.require.length - missing.length;
    return [met ? "partial" : "incorrect", pack.met[met]].concat(missing, forbidden, [pack.again]);
  }
  function setupExercise(box) {
    var qid = box.dataset.id, type = box.dataset.type, pack = null;
    box.claimlabFeedback = function (answer) { writeAnswer(box, type, answer); show(readAnswer(box, type)); return out.innerHTML; };
    function getPack() { if (!pack) { pack = unpack(qid, box.dataset.pack); } return pack; }
    var out = box.querySelector(".claimlab-feedback-box"), status = box.querySelector(".claimlab-status");
    function show(answer) {
      var p = getPack(), entry = judgeExercise(p, box, answer);
      out.innerHTML = feedbackHTML(qid, entry, p.lines, p.type === "number" && answer !== null ? answer : undefined);
      return entry[0] === "text_correct" ? "correct" : entry[0];  // a frame name, not a status
    }
    box.querySelector(".claimlab-check").addEventListener("click", function () {
      var answer = readAnswer(box, type), verdict = show(answer), doc = load();
      if (verdict === "unanswered" && doc.exercises[qid]) { status.innerHTML = ""; return; }
      doc.exercises[qid] = {answer: answer, status: verdict, checked_at: now()};
      var ok = save(doc);
      status.innerHTML = notice(esc("Your answer is kept in this browser." + savedWord(ok)), ok ? "saved" : "warning");
      refreshCount();
    });
    var saved = load().exercises[qid];
    if (saved && saved.answer !== undefined && saved.answer !== null) { writeAnswer(box, type, saved.answer); show(readAnswer(box, type)); }
  }

  // ------------------------------------------------------------------ raters
  function setupRater(box) {
    var key = box.dataset.id, claim = box.dataset.claim, pack = unpack(key, box.dataset.pack);
    var card = box.querySelector(".claimlab-card"), hiddenCard = card.innerHTML;
    var dims = box.querySelector(".claimlab-dims"), radios = {}, feedback = {};
    var status = box.querySelector(".claimlab-status"), headline = box.querySelector(".claimlab-headline");
    var rationale = box.querySelector(".claimlab-rationale"), judged = false;
    C.rubric.forEach(function (dim) {
      if (pack.dims.indexOf(dim.id) < 0) { return; }
      var set = document.createElement("fieldset"), name = "r-" + key + "-" + dim.id;
      set.className = "claimlab-dim"; set.dataset.dim = dim.id;
      set.innerHTML = "<legend>" + dim.heading + "</legend>" + dim.options.map(function (o) {
        return '<label class="claimlab-option"><input type="radio" name="' + esc(name) + '" value="' + esc(o[0]) + '"> ' + esc(o[1]) + "</label>";
      }).join("") + "<details><summary>Show help</summary>" + dim.help + '</details><div class="claimlab-dim-feedback" aria-live="polite"></div>';
      dims.appendChild(set);
      radios[dim.id] = Array.prototype.slice.call(set.querySelectorAll("input"));
      feedback[dim.id] = set.querySelector(".claimlab-dim-feedback");
      radios[dim.id].forEach(function (r) {
        r.addEventListener("change", function () {
          if (judged) { feedback[dim.id].innerHTML = notice(esc("You changed this answer: press Check to see feedback on it."), "unanswered"); }
        });
      });
    });
    box.claimlabFeedback = function (answers) {
      setChosen(answers); show(chosen());
      var out = {headline: headline.innerHTML, rationale: rationale.innerHTML, card: card.innerHTML, dims: {}};
      pack.dims.forEach(function (d) { out.dims[d] = feedback[d].innerHTML; });
      return out;
    };
    function chosen() {
      var out = {};
      pack.dims.forEach(function (d) { var r = radios[d].filter(function (e) { return e.checked; })[0]; out[d] = r ? r.value : null; });
      return out;
    }
    function setChosen(answers) { pack.dims.forEach(function (d) { radios[d].forEach(function (e) { e.checked = !!answers && answers[d] === e.value; }); }); }
    function show(answers) {
      var counts = {right: 0, near: 0, wrong: 0, unanswered: 0};
      pack.dims.forEach(function (d) {
        var f = pack.feedback[d][answers[d] || ""] || pack.feedback[d][""];
        counts[f[0]] += 1;
        feedback[d].innerHTML = notice(f[1], f[0]);
      });
      var h = C.headlines[[counts.right, counts.near, counts.wrong, counts.unanswered].join(",")];
      headline.innerHTML = h ? notice(h[1], h[0]) : "";
      var answered = pack.dims.length - counts.unanswered;
      rationale.innerHTML = counts.unanswered === 0 ? pack.complete : (answered ? pack.partial : "");
      if (answered) { card.innerHTML = pack.card; }
      judged = true;
      return answered;
    }
    box.querySelector(".claimlab-check").addEventListener("click", function () {
      var answers = chosen(), answered = show(answers);
      if (!answered) { status.innerHTML = ""; return; }
      var doc = load(), merged = answers;
      if (!pack.full) {
        var earlier = (doc.ratings[claim] && doc.ratings[claim].answers) || {};
        merged = Object.assign({}, earlier);
        Object.keys(answers).forEach(function (d) { if (answers[d] !== null) { merged[d] = answers[d]; } });
      }
      var verdicts = {};
      Object.keys(pack.verdicts).forEach(function (d) { verdicts[d] = (merged[d] && pack.verdicts[d][merged[d]]) || "unanswered"; });
      doc.ratings[claim] = {answers: merged, verdicts: verdicts, checked_at: now()};
      var ok = save(doc);
      status.innerHTML = notice(esc("Your answers for this claim are kept in this browser." + savedWord(ok)), ok ? "saved" : "warning");
      refreshCount();
    });
    box.querySelector(".claimlab-reset").addEventListener("click", function () {
      setChosen({});
      pack.dims.forEach(function (d) { feedback[d].innerHTML = ""; });
      headline.innerHTML = rationale.innerHTML = "";
      card.innerHTML = hiddenCard; judged = false;
      var doc = load(), had = !!doc.ratings[claim];
      delete doc.ratings[claim];
      if (had) { save(doc); }
      status.innerHTML = notice(esc(had ? "Your earlier answer was cleared." : "The answers were cleared."), "info");
      refreshCount();
    });
    var saved = load().ratings[claim];
    if (saved && saved.answers && typeof saved.answers === "object") {
      setChosen(saved.answers);
      if (show(chosen())) { status.innerHTML = notice(esc("Your saved answers for this claim were restored."), "info"); }
      else { setChosen({}); pack.dims.forEach(function (d) { feedback[d].innerHTML = ""; }); headline.innerHTML = ""; judged = false; }
    }
  }
  function setupPicker(picker) {
    var select = picker.querySelector(".claimlab-pick");
    var raters = Array.prototype.slice.call(picker.querySelectorAll(".claimlab-rater"));
    function pick(claim) { raters.forEach(function (r) { r.hidden = r.dataset.claim !== claim; }); }
    select.addEventListener("change", function () { pick(select.value); });
    var rated = load().ratings;
    var first = raters.map(function (r) { return r.dataset.claim; }).filter(function (c) { return !rated[c]; })[0];
    if (first) { select.value = first; }
    pick(select.value);
  }

  // ------------------------------------------------------------------ export
  function count() { var d = load(); return Object.keys(d.ratings).length + Object.keys(d.exercises).length; }
  function refreshCount() {
    var n = count();
    Array.prototype.forEach.call(document.querySelectorAll(".claimlab-count"), function (e) {
      e.textContent = n === 1 ? "1 answer kept in this browser." : n + " answers kept in this browser.";
    });
  }
  function download() {
    var doc = load();
    var blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "claimlab-answers.json";
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".claimlab-q[data-kind=exercise]"), setupExercise);
  Array.prototype.forEach.call(document.querySelectorAll(".claimlab-q[data-kind=rater]"), setupRater);
  Array.prototype.forEach.call(document.querySelectorAll(".claimlab-picker"), setupPicker);
  Array.prototype.forEach.call(document.querySelectorAll(".claimlab-export"), function (b) { b.addEventListener("click", download); });
  refreshCount();
  // for tests: the feedback the page shows for an answer, without keeping it
  window.claimlabStatic = {
    load: load,
    feedback: function (id, answer) { return document.querySelector('.claimlab-q[data-id="' + id + '"]').claimlabFeedback(answer); }
  };
}());
