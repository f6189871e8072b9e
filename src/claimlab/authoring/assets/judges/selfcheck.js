/* Claim Lab static pages, page script "selfcheck": written answers. A page cannot judge prose and never
 * pretends to: it shows the expert's answer and a checklist (built at build time from data), and the
 * answer is kept as "compare with the expert answer" (status unsure), never as right. */
(window.ClaimLabJudges = window.ClaimLabJudges || {}).selfcheck = function (pack, answer) {
  "use strict";
  return Array.from(String(answer)).length > pack.limit ? pack.toolong : pack.selfcheck;
};
