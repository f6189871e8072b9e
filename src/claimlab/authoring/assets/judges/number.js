/* Claim Lab static pages, page script "number": a number within a tolerance of the expected value, with
 * the key's traps; every branch's feedback was stored at build time (claimlab.core.questions.number). */
(window.ClaimLabJudges = window.ClaimLabJudges || {}).number = function (pack, answer) {
  "use strict";
  function asNumber(s) {
    if (s.length > 100) { return null; }
    var cleaned = s.trim().replace(/(\d)[,_\s\u00a0\u202f'](?=\d)/g, "$1");
    if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cleaned)) { return parseFloat(cleaned); }
    var word = cleaned.toLowerCase();
    if (word === "nan") { return NaN; }
    if (["inf", "infinity", "-inf", "-infinity"].indexOf(word) >= 0) { return word.charAt(0) === "-" ? -Infinity : Infinity; }
    return null;
  }
  function within(given, expected, tol) {
    if (tol.percent !== undefined) { return Math.abs(given - expected) <= Math.abs(expected) * tol.percent / 100; }
    return Math.abs(given - expected) <= (tol.absolute || 0);
  }
  var n = asNumber(String(answer));
  if (n === null) { return pack.invalid; }
  if (!isFinite(n)) { return pack.notfinite; }
  if (within(n, pack.expected, pack.tol)) { return pack.correct; }
  for (var t = 0; t < pack.traps.length; t++) {
    if (within(n, pack.traps[t].expected, pack.traps[t].tol)) { return pack.traps[t].entry; }
  }
  return n < pack.expected ? pack.low : pack.high;
};
