/* Claim Lab static pages, part "trust-change" (cl.trust_change()): the change from the first trust check to
 * the second, in words and bars, then every passage of both checks with the key and its reason, as the
 * TrustChange widget shows them. The pieces of HTML, the key and the learners' forms were compiled at build
 * time (claimlab.authoring.static.parts); here they are counted: the means of claimlab.core.bank.trust_scores
 * and the sentences of change_in_words, in the same floating-point steps, formatted as Python formats them.
 * tests/browser compares the result with the kernel's for many sets of ratings. */
(window.ClaimLabParts = window.ClaimLabParts || {})["trust-change"] = function (api, el) {
  "use strict";
  var pack = api.packOf(el), view = el.querySelector(".claimlab-change-view"), W = api.W, esc = api.esc;
  var STAGES = ["pre", "post"], MARK = "\u0001";
  function ratingValue(v) {  // claimlab.core.bank.rating_value
    if (typeof v === "boolean" || v === null || v === undefined || typeof v === "object") { return null; }
    var n = typeof v === "number" ? v : (String(v).trim() === "" ? NaN : Number(v));
    return isFinite(n) && n >= 1 && n <= 5 ? n : null;
  }
  function sum(list) { return list.reduce(function (a, b) { return a + b; }, 0); }
  function scores(ratings) {  // claimlab.core.bank.trust_scores, without d' (the view does not show it)
    var well = [], poor = [];
    Object.keys(api.isTable(ratings) ? ratings : {}).forEach(function (pid) {
      var r = ratingValue(ratings[pid]);
      if (r === null || !pack.passages[pid]) { return; }
      (pack.passages[pid].well ? well : poor).push(r);
    });
    var out = {n_well: well.length, n_poor: poor.length, well: null, poor: null, discernment: null, trust_level: null};
    if (well.length) { out.well = sum(well) / well.length; }
    if (poor.length) { out.poor = sum(poor) / poor.length; }
    if (well.length || poor.length) { out.trust_level = (sum(well) + sum(poor)) / (well.length + poor.length); }
    if (well.length && poor.length) { out.discernment = out.well - out.poor; }
    return out;
  }
  function fmt(v) {  // claimlab.core.bank's _fmt: f"{value:+.1f}", with no sign on zero
    if (v === null) { return "–"; }
    var s = api.pyFixed(v, 1);
    s = s.charAt(0) === "-" ? s : "+" + s;
    return s.replace("+0.0", "0.0").replace("-0.0", "0.0");
  }
  function changeInWords(pre, post) {  // claimlab.core.bank.change_in_words
    if (pre.discernment === null || post.discernment === null) { return [W("trust.change_incomplete")]; }
    var lines = [W("trust.change_gap", {before: fmt(pre.discernment), after: fmt(post.discernment)})];
    var delta = post.discernment - pre.discernment, step = pack.step;
    lines.push(W(delta >= step ? "trust.change_better" : delta <= -step ? "trust.change_smaller" : "trust.change_same"));
    var level = post.trust_level - pre.trust_level;
    if (level <= -step) { lines.push(W(delta < step ? "trust.change_down_all" : "trust.change_down")); }
    else if (level >= step) { lines.push(W("trust.change_up")); }
    lines.push(W("trust.change_size", {size: pre.n_well + pre.n_poor}));
    return lines;
  }
  function bar(label, value, colour) {  // claimlab.ui.widgets.trust.bar_html
    var width = value === null ? 0 : Math.max(0.0, (value - 1) / 4 * 100);
    return pack.bar.replace(MARK + "L", esc(label)).replace(MARK + "C", colour)
      .replace("{width}", api.pyFixed(width, 0)).replace("{shown}", value === null ? "–" : api.pyFixed(value, 1));
  }
  function notes() {
    var out = {};
    STAGES.forEach(function (stage) { var n = api.note("trust_" + stage); out[stage] = api.isTable(n) ? n : {}; });
    return out;
  }
  function review(rated) {  // TrustChange.review_html, with review_rows
    var offered = Object.keys(pack.seeds);
    var seed = STAGES.map(function (s) { return rated[s].seed; }).filter(function (s) { return s; })[0];
    if (!pack.seeds[seed]) { seed = api.seed(offered); }
    var rows = "";
    STAGES.forEach(function (stage) {
      var ratings = api.isTable(rated[stage].ratings) ? rated[stage].ratings : {};
      pack.seeds[seed][stage].forEach(function (pid) {
        var item = pack.passages[pid], r = ratingValue(ratings[pid]);
        var shown = r === null ? "–" : api.pyFixed(r, 0);
        var cells = [item.html, esc(W(item.well ? "trust.key_well" : "trust.key_poor")),
                     esc(stage === "pre" ? shown : ""), esc(stage === "pre" ? "" : shown), esc(item.reason)];
        var row = pack.review_row;
        cells.forEach(function (cell, n) { row = row.replace(MARK + n, function () { return cell; }); });
        rows += row;
      });
    });
    return pack.review_head + rows + pack.review_foot;
  }
  function refresh() {
    var rated = notes(), score = {};
    STAGES.forEach(function (stage) { score[stage] = scores(rated[stage].ratings); });
    var lines = changeInWords(score.pre, score.post), bars = "";
    STAGES.forEach(function (stage) {
      bars += pack.stage_titles[stage] + bar(W("trust.well"), score[stage].well, pack.colours.well)
        + bar(W("trust.poor"), score[stage].poor, pack.colours.poor);
    });
    var words = lines.map(function (line) { return pack.line.replace(MARK, function () { return esc(line); }); }).join("");
    view.innerHTML = pack.figure[0] + bars + pack.figure[1] + words
      + (score.post.trust_level === null ? pack.needs_post : review(rated));
    return lines;
  }
  el.querySelector(".claimlab-show-change").addEventListener("click", refresh);
  el.claimlabRefresh = refresh;
  refresh();
};
