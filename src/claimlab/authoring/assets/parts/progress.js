/* Claim Lab static pages, part "progress" (cl.progress()): how many claims the learner has checked and how
 * the answers kept in this browser compare with the key, per rubric question, as the ProgressView widget
 * counts them (claimlab.ui.widgets.progress_view), with words from data/interface.yaml. */
(window.ClaimLabParts = window.ClaimLabParts || {}).progress = function (api, el) {
  "use strict";
  var pack = api.packOf(el), view = el.querySelector(".claimlab-progress-view"), W = api.W, esc = api.esc;
  var COLUMNS = ["right", "near", "wrong", "unanswered"];
  function refresh() {
    var ratings = api.load().ratings, judged = pack.claims.filter(function (c) {
      var v = ratings[c] && api.isTable(ratings[c].verdicts) ? ratings[c].verdicts : {};
      return Object.keys(v).some(function (d) { return v[d] && v[d] !== "unanswered"; });
    });
    if (!judged.length) {
      view.innerHTML = api.notice(esc(W("static.progress_none", {total: pack.total})), "info");
      return;
    }
    var lines = [W("static.progress_checked", {judged: judged.length, total: pack.total})];
    var scale = pack.scale, or = " " + W("static.or") + " ", cal = {sg: 0, ds: 0, ug: 0, tu: 0};
    judged.forEach(function (c) {  // credibility grades on the scale: false alarms and too much trust
      var given = scale.indexOf(String((ratings[c].answers || {}).credibility));
      var expected = pack.expected[c];
      if (scale.length < 4 || given < 0 || expected === undefined) { return; }
      if (expected <= 1) { cal.sg += 1; cal.ds += (given >= 3 && given < scale.length - 1) ? 1 : 0; }
      else if (expected >= 3) { cal.ug += 1; cal.tu += given <= 1 ? 1 : 0; }
    });
    if (scale.length >= 4) {
      var top = scale[0] + or + scale[1], low = scale.slice(3, -1).join(or);
      var unjudged = scale.slice(3, -1).join(", ") + or + scale[scale.length - 1];
      if (cal.sg) { lines.push(W("static.progress_false_alarms", {top: top, low: low, n: cal.ds, of: cal.sg})); }
      if (cal.ug) { lines.push(W("static.progress_too_trusting", {unjudged: unjudged, top: top, n: cal.tu, of: cal.ug})); }
    }
    var S = pack.styles, heads = W("static.progress_headers");
    heads = Array.isArray(heads) ? heads : [];
    var head = heads.map(function (h, i) {
      return '<th scope="col" style="' + (i ? S.head_right : S.head_left) + '">' + esc(h) + "</th>";
    }).join("");
    var body = pack.dims.map(function (dim) {
      var counts = {right: 0, near: 0, wrong: 0, unanswered: 0};
      judged.forEach(function (c) { var v = ratings[c].verdicts[dim[0]] || "unanswered"; counts[v] = (counts[v] || 0) + 1; });
      return '<tr><th scope="row" style="' + S.row + '">' + esc(dim[1]) + "</th>" +
        COLUMNS.map(function (k) { return '<td style="' + S.count + '">' + counts[k] + "</td>"; }).join("") + "</tr>";
    }).join("");
    view.innerHTML = api.notice(esc(lines.join(" ")), "info") + '<table style="' + S.table + '"><caption style="' +
      S.caption + '">' + esc(W("static.progress_caption")) + "</caption><thead><tr>" + head + "</tr></thead><tbody>" +
      body + "</tbody></table>";
  }
  el.querySelector(".claimlab-refresh").addEventListener("click", refresh);
  api.onChange(refresh);
  refresh();
};
