/* Claim Lab static pages: check answers in the browser and keep them in this browser's localStorage.
 *
 * No feedback text is written here: claimlab.authoring.quizdata computes every answer's feedback at
 * build time with the kernel's own functions, and every word comes from data/ (the page config's
 * "words", from data/interface.yaml). This script reads and fills the answer controls by their kind
 * (radio, ticks, number, text, menus), asks the question type's page script (judges/*.js, which
 * register themselves in window.ClaimLabJudges) for the stored answer's entry, and joins stored pieces
 * of HTML. The stand-ins of the other widgets (practice passages, trust checks, progress, notes:
 * parts/*.js, registered in window.ClaimLabParts) are set up last, with the store below.
 *
 * Answers are kept under the key "claimlab-answers:<module>" (one key per module, so two sites in one
 * browser never mix), in the format of claimlab.core.store (format "claimlab-answers", version 1),
 * attempts included, and "Download my answers" saves that file for the instructor. A kept store that
 * cannot be read is never dropped: it is set aside under "<key>:damaged:<time>" and the page says so.
 * No network request is made.
 */
(function () {
  "use strict";
  var C = JSON.parse(document.getElementById("claimlab-config").textContent);
  var KEY = "claimlab-answers:" + C.module;
  var SECTIONS = ["ratings", "exercises", "attempts", "notes"];
  var ANSWERED = ["correct", "partial", "incorrect", "unsure"];
  var memoryOnly = false, memory = null, damaged = false;
  var judges = window.ClaimLabJudges || {}, parts = window.ClaimLabParts || {};

  // ------------------------------------------------------------------ words (data/interface.yaml)
  function W(name, fields) {  // as claimlab.core.words.word: {field} filled in; a missing name shows as itself
    var text = C.words[name] !== undefined ? C.words[name] : name;
    Object.keys(fields || {}).forEach(function (f) { text = text.split("{" + f + "}").join(String(fields[f])); });
    return text;
  }

  // ------------------------------------------------------------------ the answers store
  function now() { return new Date().toISOString().replace(/\.\d+Z$/, "+00:00"); }
  function randomId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function emptyStore() {
    var t = now();
    return {format: "claimlab-answers", version: 1, learner_id: randomId(), article: C.article, created: t,
            updated: t, edition: "static", ratings: {}, exercises: {}, attempts: {}, notes: {}};
  }
  function isTable(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function load() {
    if (memory && memoryOnly) { return memory; }
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); }
    catch (e) { /* no storage (private window, file:// in some browsers): keep answers in memory */ }
    if (raw === null) { return memory || (memory = emptyStore()); }
    var doc = null;
    try { doc = JSON.parse(raw); } catch (e) { doc = null; }
    if (!isTable(doc) || doc.format !== "claimlab-answers" || !SECTIONS.every(function (k) {
          return doc[k] === undefined || isTable(doc[k]); })) {
      setAside(raw);
      return memory || (memory = emptyStore());
    }
    SECTIONS.forEach(function (k) { if (!isTable(doc[k])) { doc[k] = {}; } });
    if (!doc.learner_id) { doc.learner_id = randomId(); }
    return doc;
  }
  // never drop a damaged store silently: keep its text aside, say so, and start a new set
  function setAside(raw) {
    if (damaged) { return; }
    damaged = true;
    try {
      window.localStorage.setItem(KEY + ":damaged:" + now(), raw);
      window.localStorage.removeItem(KEY);
    } catch (e) { /* storage refused: the text stays where it is, and the page still says so */ }
  }
  function save(doc) {
    doc.updated = now();
    memory = doc;
    try { window.localStorage.setItem(KEY, JSON.stringify(doc)); memoryOnly = false; return true; }
    catch (e) { memoryOnly = true; return false; }
  }
  function keptWords(ok) {
    var words = ok ? W("static.kept") : W("static.not_kept");
    return damaged ? W("static.damaged") + " " + words : words;
  }
  // one attempt, as claimlab.core.store's record_attempt keeps it: first, last and the number of tries
  function recordAttempt(doc, qid, answer, status) {
    if (ANSWERED.indexOf(status) < 0) { return; }
    var shot = {answer: answer, status: status, checked_at: now()}, entry = doc.attempts[qid];
    if (!isTable(entry) || !isTable(entry.first)) {
      var kept = isTable(entry) ? entry : {};
      kept.first = shot; kept.last = shot; kept.tries = 1; doc.attempts[qid] = kept; return;
    }
    entry.tries = (typeof entry.tries === "number" && entry.tries > 0 ? entry.tries : 1) + 1;
    entry.last = shot;
  }
  // as record_reveal: the expert answer was shown, after how many tries
  function recordReveal(doc, qid) {
    var entry = isTable(doc.attempts[qid]) ? doc.attempts[qid] : (doc.attempts[qid] = {tries: 0});
    if (!entry.revealed) {
      entry.revealed = true;
      entry.revealed_after = typeof entry.tries === "number" ? entry.tries : 0;
    }
  }
  function note(name) { return load().notes[name]; }
  function saveNote(name, value) { var doc = load(); doc.notes[name] = value; var ok = save(doc); refreshCount(); return ok; }
  // the learner's seed (note "learner_seed"), one the site offers: their practice draw and trust forms
  function seed(offered) {
    var doc = load(), mine = doc.notes.learner_seed;
    if (typeof mine === "string" && offered.indexOf(mine) >= 0) { return mine; }
    if (typeof mine === "string" && mine) {  // a seed from elsewhere: the same one of ours each time
      var h = 0; for (var i = 0; i < mine.length; i++) { h = (h * 31 + mine.charCodeAt(i)) >>> 0; }
      return offered[h % offered.length];
    }
    var bytes = new Uint32Array(1);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    mine = offered[bytes[0] % offered.length];
    doc.notes.learner_seed = mine;
    save(doc);
    return mine;
  }

  // ------------------------------------------------------------------ compiled data
  function unpack(name, blob) {
    var key = new TextEncoder().encode("claimlab:" + name);
    var raw = atob(blob), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i) ^ key[i % key.length]; }
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  function packOf(el) {
    return el.dataset.encoded ? unpack(el.dataset.encoded, el.dataset.pack) : JSON.parse(el.dataset.pack || "null");
  }
  function esc(s) {  // as claimlab.core.text.escape (html.escape)
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }
  function notice(body, kind) { var f = C.notice[kind] || C.notice.info; return f[0] + body + f[1]; }
  // [status, own headline or null, line numbers...] as the kernel's feedback box
  function feedbackHTML(qid, entry, lines, mark, answerText) {
    var headline = entry[1] !== null && entry[1] !== undefined ? entry[1] : C.headlines[entry[0]];
    var html = C.frames[entry[0]].replace("{qid}", esc(qid)).replace("{headline}", esc(headline));
    var items = entry.slice(2).map(function (i) { return lines[i]; }).join("");
    if (mark && answerText !== undefined) { items = items.split(esc(mark)).join(esc(pyRepr(answerText))); }
    if (items) { html = html.slice(0, -"</div>".length) + C.ul + items + "</ul></div>"; }
    return html;
  }
  // Python's repr() of a str, cut like claimlab.core.questions.common.describe (the kernel quotes the answer)
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
  // Python's format(x, ".<digits>f"): like toFixed, but a tie (exact in binary) goes to the even digit
  function pyFixed(x, digits) {
    var scale = Math.pow(10, digits), tie = digits === 0 ? 2 : 4;  // x*2 (or x*4) odd: x*10^digits ends in .5
    var odd = x * tie;
    if (digits <= 1 && Number.isInteger(odd) && Math.abs(odd) % 2 === 1) {
      var low = Math.floor(x * scale), n = low % 2 === 0 ? low : low + 1;
      return (n / scale).toFixed(digits);
    }
    return x.toFixed(digits);
  }

  // ------------------------------------------------------------------ controls, by kind
  function inputs(box) { return Array.prototype.slice.call(box.querySelectorAll("input, select, textarea")); }
  var CONTROLS = {
    radio: {
      read: function (box) { var r = inputs(box).filter(function (e) { return e.checked; })[0]; return r ? r.value : null; },
      write: function (box, v) { inputs(box).forEach(function (e) { e.checked = e.value === v; }); },
      axes: function (box) { var r = inputs(box).filter(function (e) { return e.checked; })[0]; return [r ? r.value : ""]; }
    },
    ticks: {
      read: function (box) { return inputs(box).filter(function (e) { return e.checked; }).map(function (e) { return e.value; }); },
      write: function (box, v) { inputs(box).forEach(function (e) { e.checked = Array.isArray(v) && v.indexOf(e.value) >= 0; }); },
      axes: function (box) { return inputs(box).map(function (e) { return e.checked ? e.value : ""; }); }
    },
    menus: {
      read: function (box) {
        var out = {};
        box.querySelectorAll(".claimlab-row").forEach(function (row) {
          var v = row.querySelector("select").value; if (v) { out[row.dataset.row] = v; } });
        return out;
      },
      write: function (box, v) {
        box.querySelectorAll(".claimlab-row").forEach(function (row) {
          row.querySelector("select").value = (v && v[row.dataset.row]) || ""; });
      },
      axes: function (box) { return inputs(box).map(function (e) { return e.value; }); }
    },
    number: {
      read: function (box) { return inputs(box)[0].value; },
      write: function (box, v) { inputs(box)[0].value = v === null || v === undefined ? "" : String(v); },
      axes: function () { return []; }
    }
  };
  CONTROLS.text = CONTROLS.number;
  // the checker's answer from a control's value, and back (claimlab.core.questions: from_control / to_control)
  function toAnswer(shape, kind, value) {
    if (shape === "text" || shape === "one") {
      if (typeof value !== "string") { return value === undefined ? null : value; }
      value = value.trim(); return value ? value : null;
    }
    if (shape === "list") {
      var list = kind === "menus" ? Object.keys(value).sort(function (a, b) { return Number(a) - Number(b); })
        .map(function (k) { return value[k]; }) : value;
      return list.length ? list : null;
    }
    return Object.keys(value).length ? value : null;  // mapping
  }
  function toControl(shape, kind, answer) {
    if (shape === "list" && kind === "menus" && Array.isArray(answer)) {
      var out = {}; answer.forEach(function (v, i) { out[String(i + 1)] = v; }); return out;
    }
    return answer;
  }

  // ------------------------------------------------------------------ exercise questions
  function setupExercise(box) {
    var qid = box.dataset.id, kind = box.dataset.control, control = CONTROLS[kind], pack = null, hintsShown = 0;
    var out = box.querySelector(".claimlab-feedback-box"), status = box.querySelector(".claimlab-status");
    var hints = box.querySelector(".claimlab-hints"), answerBox = box.querySelector(".claimlab-answer-box");
    var revealButton = box.querySelector(".claimlab-reveal");
    function getPack() { if (!pack) { pack = unpack(qid, box.dataset.pack); } return pack; }
    function answerNow() { return toAnswer(getPack().shape, kind, control.read(box)); }
    function show(answer) {
      var p = getPack(), judge = judges[p.script];
      var entry = answer === null ? p.empty : judge(p, answer, control.axes(box));
      out.innerHTML = feedbackHTML(qid, entry, p.lines, p.mark, p.mark && answer !== null ? String(answer) : undefined);
      return entry[0];
    }
    // Show the answer appears after a few tries, as in the widget
    function updateReveal() {
      var entry = load().attempts[qid], tries = isTable(entry) && typeof entry.tries === "number" ? entry.tries : 0;
      if (revealButton) { revealButton.hidden = tries < getPack().reveal_after; }
    }
    box.claimlabFeedback = function (answer) {
      control.write(box, toControl(getPack().shape, kind, answer)); show(answerNow()); return out.innerHTML;
    };
    box.querySelector(".claimlab-check").addEventListener("click", function () {
      var answer = answerNow(), verdict = show(answer), doc = load();
      if (verdict === "unanswered" && doc.exercises[qid]) { status.innerHTML = ""; return; }
      doc.exercises[qid] = {answer: answer, status: verdict, checked_at: now()};
      recordAttempt(doc, qid, answer, verdict);
      var ok = save(doc);
      status.innerHTML = notice(esc(keptWords(ok)), ok ? "saved" : "warning");
      updateReveal();
      refreshCount();
    });
    var hintButton = box.querySelector(".claimlab-hint");
    if (hintButton) {
      hintButton.addEventListener("click", function () {
        var p = getPack();
        if (!p.hints.length) { hints.innerHTML = p.no_hint; return; }
        hintsShown = Math.min(hintsShown + 1, p.hints.length);
        hints.innerHTML = p.hints.slice(0, hintsShown).join("");
      });
    }
    if (revealButton) {
      revealButton.addEventListener("click", function () {
        answerBox.innerHTML = getPack().reveal;
        var doc = load();
        recordReveal(doc, qid);
        save(doc);
      });
    }
    var saved = load().exercises[qid];
    if (saved && saved.answer !== undefined && saved.answer !== null) {
      control.write(box, toControl(getPack().shape, kind, saved.answer)); show(answerNow());
    }
    if (revealButton && load().attempts[qid]) { updateReveal(); }
  }

  // ------------------------------------------------------------------ raters
  var raterCount = 0, raterBoxes = {};
  function setupRater(box) {
    var key = box.dataset.id, claim = box.dataset.claim, pack = unpack(key, box.dataset.pack);
    var instance = "r" + (raterCount += 1);  // radio names are this rater's own, even when a claim is shown twice
    var card = box.querySelector(".claimlab-card"), hiddenCard = card.innerHTML;
    var dims = box.querySelector(".claimlab-dims"), radios = {}, feedback = {};
    var status = box.querySelector(".claimlab-status"), headline = box.querySelector(".claimlab-headline");
    var rationale = box.querySelector(".claimlab-rationale"), judged = false;
    (raterBoxes[claim] = raterBoxes[claim] || []).push(box);
    C.rubric.forEach(function (dim) {
      if (pack.dims.indexOf(dim.id) < 0) { return; }
      var set = document.createElement("fieldset"), name = instance + "-" + dim.id;
      set.className = "claimlab-dim"; set.dataset.dim = dim.id;
      set.innerHTML = "<legend>" + dim.heading + "</legend>" + dim.options.map(function (o) {
        return '<label class="claimlab-option"><input type="radio" name="' + esc(name) + '" value="' + esc(o[0]) +
          '"> <span>' + esc(o[1]) + "</span></label>";
      }).join("") + "<details><summary>" + esc(W("static.show_help")) + "</summary>" + dim.help +
        '</details><div class="claimlab-dim-feedback" aria-live="polite"></div>';
      dims.appendChild(set);
      radios[dim.id] = Array.prototype.slice.call(set.querySelectorAll("input"));
      feedback[dim.id] = set.querySelector(".claimlab-dim-feedback");
      radios[dim.id].forEach(function (r) {
        r.addEventListener("change", function () {
          if (judged) { feedback[dim.id].innerHTML = notice(esc(W("static.changed")), "unanswered"); }
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
    function clear() {
      pack.dims.forEach(function (d) { feedback[d].innerHTML = ""; });
      headline.innerHTML = rationale.innerHTML = ""; card.innerHTML = hiddenCard; judged = false;
    }
    function show(answers) {
      var counts = {right: 0, near: 0, wrong: 0, unanswered: 0};
      pack.dims.forEach(function (d) {
        var f = pack.feedback[d][answers[d] || ""] || pack.feedback[d][""];
        counts[f[0]] += 1;
        feedback[d].innerHTML = notice(f[1], f[0]);
      });
      var h = C.headlines_rater[[counts.right, counts.near, counts.wrong, counts.unanswered].join(",")];
      headline.innerHTML = h ? notice(h[1], h[0]) : "";
      var answered = pack.dims.length - counts.unanswered;
      rationale.innerHTML = counts.unanswered === 0 ? pack.complete : (answered ? pack.partial : "");
      if (answered) { card.innerHTML = pack.card; }
      judged = true;
      return answered;
    }
    function restore(message) {  // from the store: what this claim's answers are now, in every copy of it
      var saved = load().ratings[claim];
      if (saved && isTable(saved.answers)) {
        setChosen(saved.answers);
        if (show(chosen())) { if (message) { status.innerHTML = notice(esc(message), "info"); } return; }
      }
      setChosen({}); clear();
    }
    box.claimlabRestore = restore;
    box.querySelector(".claimlab-check").addEventListener("click", function () {
      var answers = chosen(), answered = show(answers);
      if (!answered) { status.innerHTML = ""; return; }
      var doc = load(), earlier = (doc.ratings[claim] && doc.ratings[claim].answers) || {}, merged = {};
      Object.keys(earlier).forEach(function (d) { merged[d] = earlier[d]; });  // questions not asked here are kept
      Object.keys(answers).forEach(function (d) { if (answers[d] !== null) { merged[d] = answers[d]; } });
      var verdicts = {};
      Object.keys(pack.verdicts).forEach(function (d) { verdicts[d] = (merged[d] && pack.verdicts[d][merged[d]]) || "unanswered"; });
      doc.ratings[claim] = {answers: merged, verdicts: verdicts, checked_at: now()};
      var ok = save(doc);
      status.innerHTML = notice(esc(keptWords(ok)), ok ? "saved" : "warning");
      raterBoxes[claim].forEach(function (other) { if (other !== box) { other.claimlabRestore(""); } });
      refreshCount();
    });
    box.querySelector(".claimlab-reset").addEventListener("click", function () {
      setChosen({}); clear();
      var doc = load(), had = !!doc.ratings[claim];
      delete doc.ratings[claim];
      if (had) { save(doc); }
      status.innerHTML = notice(esc(had ? W("static.cleared_saved") : W("static.cleared")), "info");
      raterBoxes[claim].forEach(function (other) { if (other !== box) { other.claimlabRestore(""); } });
      refreshCount();
    });
    restore(W("static.restored"));
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
  var listeners = [];
  function refreshCount() {
    var n = count();
    Array.prototype.forEach.call(document.querySelectorAll(".claimlab-count"), function (e) {
      e.textContent = (n === 1 ? W("static.count_one") : W("static.count_many")).replace("{n}", n)
        + (damaged ? " " + W("static.damaged") : "");
    });
    listeners.forEach(function (f) { f(); });
  }
  function download() {
    var doc = load();
    doc.exported = now();
    var blob = new Blob([JSON.stringify(doc, null, 1) + "\n"], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "claimlab-answers-" + C.module + ".json";
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  // what the parts (parts/*.js) use
  var api = {
    C: C, W: W, load: load, save: save, now: now, esc: esc, notice: notice, packOf: packOf, isTable: isTable,
    keptWords: keptWords, note: note, saveNote: saveNote, seed: seed, pyFixed: pyFixed, refreshCount: refreshCount,
    onChange: function (f) { listeners.push(f); }, ANSWERED: ANSWERED
  };
  function each(selector, setup) { Array.prototype.forEach.call(document.querySelectorAll(selector), setup); }
  each(".claimlab-q[data-kind=exercise]", setupExercise);
  each(".claimlab-q[data-kind=rater]", setupRater);
  each(".claimlab-picker", setupPicker);
  each(".claimlab-part[data-part]", function (el) { if (parts[el.dataset.part]) { parts[el.dataset.part](api, el); } });
  each(".claimlab-export", function (b) { b.addEventListener("click", download); });
  refreshCount();
  // for tests: the feedback the page shows for an answer, without keeping it; the parts' own views
  window.claimlabStatic = {
    load: load, key: KEY, api: api,
    feedback: function (id, answer) { return document.querySelector('.claimlab-q[data-id="' + id + '"]').claimlabFeedback(answer); }
  };
}());
