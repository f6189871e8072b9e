/* Claim Lab static pages, page script "table": questions whose every answer was listed at build time
 * (choice, multi, order, match). The entry is looked up by the controls' values, one axis per control,
 * in mixed-radix order (the last axis changes fastest), as claimlab.core.questions.enumerated lists them. */
(window.ClaimLabJudges = window.ClaimLabJudges || {}).table = function (pack, answer, axes) {
  "use strict";
  var index = 0;
  for (var i = 0; i < pack.axes.length; i++) {
    index = index * pack.axes[i].length + Math.max(0, pack.axes[i].indexOf(axes[i] || ""));
  }
  return pack.table[index];
};
