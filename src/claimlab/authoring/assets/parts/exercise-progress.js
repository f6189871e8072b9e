/* Claim Lab static pages, part "exercise-progress" (cl.exercise_progress("ex01")): the notebook's questions
 * with the status of each answer kept in this browser, drawn as claimlab.ui.render.progress_html draws the
 * kernel's, with the words of data/exercises.yaml. It follows every Check on the page. */
(window.ClaimLabParts = window.ClaimLabParts || {})["exercise-progress"] = function (api, el) {
  "use strict";
  var pack = api.packOf(el), view = el.querySelector(".claimlab-progress-view"), esc = api.esc;
  var statuses = Object.keys(pack.words).filter(function (s) { return s !== "not checked yet"; });
  function refresh() {
    var saved = api.load().exercises, counts = {};
    Object.keys(pack.words).forEach(function (s) { counts[s] = 0; });
    var cell = ' style="' + esc(pack.cell) + '"', rows = "";
    pack.rows.forEach(function (row) {
      var entry = saved[row[0]], status = entry && statuses.indexOf(entry.status) >= 0 ? entry.status : "not checked yet";
      counts[status] += 1;
      rows += "<tr><td" + cell + ">" + esc(row[0]) + "</td><td" + cell + ">" + esc(pack.words[status]) + "</td><td" +
        cell + ">" + esc(row[1]) + "</td></tr>";
    });
    var checked = api.ANSWERED.reduce(function (n, s) { return n + (counts[s] || 0); }, 0);
    var summary = pack.summary.split("{checked}").join(checked).split("{total}").join(pack.rows.length);
    statuses.forEach(function (s) { summary = summary.split("{" + s + "}").join(counts[s]); });
    var notes = "";
    if (pack.practice) {
      var bank = Object.keys(saved).filter(function (q) { return q.indexOf("bank.") === 0 && saved[q] &&
        api.ANSWERED.indexOf(saved[q].status) >= 0; });
      if (bank.length) {
        var right = bank.filter(function (q) { return saved[q].status === "correct"; }).length;
        notes = "<p>" + esc((bank.length === 1 ? pack.practice_one : pack.practice_many)
          .split("{checked}").join(bank.length).split("{right}").join(right)) + "</p>";
      }
    }
    var heads = pack.headers.map(function (h) { return '<th scope="col"' + cell + ">" + esc(h) + "</th>"; }).join("");
    view.innerHTML = '<div style="' + esc(pack.wide) + '"><p><strong>' + esc(pack.title) + "</strong>: " + esc(summary) +
      '</p><table style="' + esc(pack.table) + '"><thead><tr>' + heads + "</tr></thead><tbody>" + rows +
      "</tbody></table>" + notes + "</div>";
  }
  api.onChange(refresh);
  refresh();
};
