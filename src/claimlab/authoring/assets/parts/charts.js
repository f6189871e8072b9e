/* Claim Lab static pages: draw the charts stored in a notebook (claimlab.charts), laid out for the screen.
 *
 * Each chart's figure is on the page as JSON (authoring/static/preprocessors.PlotlyToHTML). The figures are
 * laid out for a notebook about 640 px wide or more; on a narrower screen (a phone is 390 px) this script
 * changes the layout, never the data:
 *  - titles, panel titles and axis titles are wrapped to the width, so none is cut off;
 *  - a dot plot's row labels (long: "E03 · Alexei Smirnov · 12 Aug 2024") go above their row instead of
 *    beside it, where they left the plot about 60 px wide; each row gets the height for its label;
 *  - the key (legend) and the titles get the height they take once drawn, so neither covers the plot.
 * The toolbar is off on every static page (it covered the titles). Charts are drawn again, laid out
 * afresh, when the width changes across the narrow limit. No network request is made.
 */
(function () {
  "use strict";
  var NARROW = 640, LABEL_PX = 15, CHAR_TITLE = 9, CHAR_SMALL = 6.6, LONG_TEXT = 30;
  if (!window.Plotly) { return; }

  function copy(value) { return JSON.parse(JSON.stringify(value)); }
  function wrap(text, chars) {  // plain words into lines of at most `chars`, joined with <br>
    var out = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      if (!word) { return; }
      if (line && (line + " " + word).length > chars) { out.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { out.push(line); }
    return out.join("<br>");
  }
  // a title as plotly writes it ("Main<br><sup>sub<br>sub</sup>"), each part wrapped again
  function rewrap(text, width) {
    var match = /^(.*?)<br><sup>(.*)<\/sup>$/.exec(text || "");
    var main = match ? match[1] : (text || ""), sub = match ? match[2] : "";
    var unbreak = function (s) { return s.replace(/<br>/g, " "); };
    var out = wrap(unbreak(main), Math.floor(width / CHAR_TITLE));
    if (sub) { out += "<br><sup>" + wrap(unbreak(sub), Math.floor(width / CHAR_SMALL)) + "</sup>"; }
    return out;
  }
  function axisName(ref) { return ref.replace(/^y/, "yaxis").replace(/^x/, "xaxis"); }

  // the figure for a narrow screen: {data, layout}, copies of the stored ones
  function narrowFigure(fig, width) {
    var layout = copy(fig.layout), data = copy(fig.data), extra = 0, chars = Math.floor((width - 20) / CHAR_SMALL);
    if (layout.title && layout.title.text) { layout.title.text = rewrap(layout.title.text, width - 20); }
    // a panel title starts where its plot starts: after the numbers of a numeric y axis (about 80 px)
    var numeric = data.some(function (t) { return (t.y || []).length && typeof t.y[0] !== "string"; });
    var panelChars = Math.floor((width - 20 - (numeric ? 80 : 0)) / CHAR_SMALL);
    (layout.annotations || []).forEach(function (a) {
      if (a.xref === "paper" && a.text) { a.text = wrap(a.text.replace(/<br>/g, " "), panelChars); }
    });
    Object.keys(layout).forEach(function (key) {
      var axis = layout[key];
      if (/^[xy]axis\d*$/.test(key) && axis && axis.title && axis.title.text) {
        axis.title.text = wrap(axis.title.text.replace(/<br>/g, " "), Math.floor((width - 40) / CHAR_SMALL));
      }
    });
    // dot plots: rows named by text get their name above the row; a point's long label joins it there
    var rows = {}, said = {}, longest = {};
    data.forEach(function (trace) {
      var ys = trace.y || [];
      if (!ys.length || typeof ys[0] !== "string") { return; }
      var ref = trace.yaxis || "y";
      rows[ref] = rows[ref] || []; said[ref] = said[ref] || {};
      ys.forEach(function (y, i) {
        if (rows[ref].indexOf(y) < 0) { rows[ref].push(y); }
        var text = Array.isArray(trace.text) ? trace.text[i] : null;
        if (text && /text/.test(trace.mode || "")) {
          (said[ref][y] = said[ref][y] || []).push(String(text).trim());
          longest[ref] = Math.max(longest[ref] || 0, String(text).trim().length);
        }
      });
    });
    data.forEach(function (trace) {  // the key's entries wrapped to the width (the marker takes 40 px)
      if (trace.name && trace.showlegend !== false) {
        trace.name = wrap(String(trace.name).replace(/<br>/g, " "), Math.floor((width - 60) / CHAR_SMALL));
      }
    });
    var moved = {};
    Object.keys(rows).forEach(function (ref) { moved[ref] = (longest[ref] || 0) > LONG_TEXT; });
    data.forEach(function (trace) {  // those labels are now above their rows
      if (moved[trace.yaxis || "y"] && /text/.test(trace.mode || "")) {
        trace.mode = trace.mode.replace(/\+?text/, "").replace(/^\+/, "") || "markers";
      }
    });
    layout.annotations = layout.annotations || [];
    Object.keys(rows).forEach(function (ref) {
      var name = axisName(ref), axis = layout[name] = layout[name] || {}, lines = 1;
      var xref = (axis.anchor || "x").replace("axis", "");
      axis.showticklabels = false;
      rows[ref].forEach(function (label) {
        var text = moved[ref] && said[ref][label] ? label + ": " + said[ref][label].join("; ") : label;
        var wrapped = wrap(text, chars);
        lines = Math.max(lines, wrapped.split("<br>").length);
        layout.annotations.push({xref: xref + " domain", x: 0, xanchor: "left", yref: ref, y: label, yshift: 7,
          yanchor: "bottom", text: wrapped, showarrow: false, align: "left", font: {size: 11, color: "#333333"}});
      });
      // room above the first row for its name, under the panel's title
      var n = rows[ref].length, reversed = axis.autorange === "reversed" || (axis.range && axis.range[0] > axis.range[1]);
      axis.autorange = false;
      axis.range = reversed ? [n - 0.5, -0.5 - 0.6 * lines] : [-0.5, n - 0.5 + 0.6 * lines];
      extra += (n + 1) * lines * LABEL_PX;
    });
    if (layout.margin) {  // no toolbar on a static page: the right margin kept for it goes to the plot
      layout.margin.l = Math.min(layout.margin.l || 10, 10);
      layout.margin.r = Math.min(layout.margin.r || 12, 12);
    }
    if (layout.height) { layout.height += extra; }
    if (layout.legend) {  // the key under its own title, each entry as wide as the screen allows
      delete layout.legend.entrywidth;
      layout.legend.title = Object.assign({}, layout.legend.title || {}, {side: "top"});
    }
    return {data: data, layout: layout};
  }

  // the titles and the key get the height they take once drawn: nothing is cut at the top, the key never
  // covers the title, and neither covers the first panel (its title, or the plot)
  function fitTop(div, layout, rounds) {
    var box = div.getBoundingClientRect(), top = function (el) { return el.getBoundingClientRect().top - box.top; };
    var bottom = function (el) { return el.getBoundingClientRect().bottom - box.top; };
    var title = div.querySelector(".g-gtitle"), legend = div.querySelector(".legend");
    if (!layout.margin || !layout.height) { return; }
    var titleTop = title ? top(title) : 12, titleDown = Math.max(0, 6 - titleTop);
    var titleBottom = title ? bottom(title) + titleDown : 0;
    var content = Array.prototype.map.call(div.querySelectorAll(".annotation, .bglayer .bg, .gridlayer"), top)
      .filter(function (y) { return y > 0; });
    var contentTop = content.length ? Math.min.apply(null, content) : layout.margin.t;
    var legendTop = legend ? top(legend) : titleBottom, legendShift = legend ? Math.max(0, titleBottom + 8 - legendTop) : 0;
    var headBottom = legend ? bottom(legend) + legendShift : titleBottom;
    var grow = Math.ceil(Math.max(0, headBottom + 10 - contentTop));
    if (!titleDown && !legendShift && !grow) { return; }
    // title and key are placed in the container's height: keep their place in pixels as the height grows
    // the plot's top as drawn (the key may have pushed it down already), then lower by what still overlaps
    var drawnTop = div._fullLayout && div._fullLayout._size ? div._fullLayout._size.t : layout.margin.t;
    var height = layout.height + grow, update = {"margin.t": Math.max(layout.margin.t, drawnTop) + grow, height: height};
    if (title && layout.title) {
      var titlePx = (1 - (layout.title.y === undefined ? 1 - 12 / layout.height : layout.title.y)) * layout.height;
      layout.title.y = update["title.y"] = 1 - (titlePx + titleDown) / height;
    }
    if (legend && layout.legend && layout.legend.y !== undefined) {
      layout.legend.y = update["legend.y"] = 1 - ((1 - layout.legend.y) * layout.height + legendShift) / height;
    }
    layout.margin.t = update["margin.t"]; layout.height = height;
    return window.Plotly.relayout(div, update).then(settled).then(function () {  // measured again, once drawn
      return (rounds || 0) < 3 ? fitTop(div, layout, (rounds || 0) + 1) : undefined;
    });
  }

  // plotly draws some parts (annotations) after its promise resolves: wait for the next frames
  function settled() { return new Promise(function (done) { setTimeout(done, 60); }); }

  function draw(div, fig) {
    var width = div.clientWidth || document.body.clientWidth;
    var narrow = width < NARROW;
    var shown = narrow ? narrowFigure(fig, width) : {data: fig.data, layout: copy(fig.layout)};
    div.dataset.layout = narrow ? "narrow" : "wide";
    return window.Plotly.react(div, shown.data, shown.layout, fig.config).then(settled).then(function () {
      return fitTop(div, shown.layout);
    });
  }

  var charts = [];
  Array.prototype.forEach.call(document.querySelectorAll("script.claimlab-chart-spec"), function (spec) {
    var div = document.getElementById(spec.dataset.chart);
    if (!div) { return; }
    var fig = JSON.parse(spec.textContent);
    charts.push({div: div, fig: fig});
    draw(div, fig);
  });
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      charts.forEach(function (c) {
        var narrow = (c.div.clientWidth || document.body.clientWidth) < NARROW;
        if ((c.div.dataset.layout === "narrow") !== narrow) { draw(c.div, c.fig); }
      });
    }, 200);
  });
  window.claimlabCharts = charts;
}());
