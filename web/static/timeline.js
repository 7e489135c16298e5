// Zoeklicht: the timeline of hits above the results. An inline SVG bar chart, no library.
//
// Each bar is an SVG link to the search narrowed to its period (from = to = the period), so it
// is followed with Enter or a click, and opens in a new tab like any link. The chart is one Tab
// stop (the chosen bar, else the newest): arrow keys, Home and End move between the bars, as
// with the filter groups, so a long timeline never stands between the box and the results. The
// chosen period's bar is marked; following it again widens the search again. Bars are drawn to
// the width the chart has, and drawn again when that width changes (a phone turned sideways).
// Choosing a year zooms in: the timeline of one year is drawn per month.
"use strict";

(() => {
  const z = window.zoeklicht;
  if (!z) return;
  const SVG = "http://www.w3.org/2000/svg";
  // bars, in px: lower on a phone, where the results must stay above the fold
  const compact = window.matchMedia("(max-width: 48rem)");
  const barHeight = () => (compact.matches ? 48 : 96);
  const LABELS = 18; // room under the bars for period labels
  const LABEL_PX = 46; // at least this far apart, so labels never overlap
  const COUNT_PX = 28; // bars at least this wide carry their count above them
  const TOP = 14; // room above the tallest bar for its count
  const SHORT_MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

  const figure = z.make("figure", "timeline");
  figure.id = "timeline";
  figure.hidden = true;
  const caption = z.make("figcaption", "timeline-caption");
  const chart = z.make("div", "timeline-chart");
  const note = z.make("p", "timeline-note");
  const reset = z.make("a", "timeline-reset", "Alle perioden");
  figure.append(caption, chart, note, reset);
  const hits = document.getElementById("hits");
  hits.parentNode.insertBefore(figure, document.getElementById("timeline-anchor") || hits);

  let shown = null; // { state, timeline } being drawn

  function label(period, long) {
    const [y, m] = period.split("-");
    if (!m) return y;
    const month = long ? z.MONTHS[parseInt(m, 10) - 1] : SHORT_MONTHS[parseInt(m, 10) - 1];
    return `${month} ${y}`;
  }

  function chosenPeriod(state) {
    return state.from && state.from === state.to ? state.from : "";
  }

  function targetFor(state, period) {
    const off = chosenPeriod(state) === period;
    return { ...z.searchPart(state), from: off ? "" : period, to: off ? "" : period, page: 1 };
  }

  const results = document.getElementById("results");

  function draw() {
    if (!shown || results.hidden) return;
    const { state, timeline } = shown;
    const buckets = timeline.buckets || [];
    const HEIGHT = barHeight();
    figure.hidden = buckets.length === 0;
    if (!buckets.length) return;
    const unit = state.group === "paragraph" ? ["alinea", "alinea's"] : ["artikel", "artikelen"];
    const perMonth = timeline.unit === "month";
    const span = `${perMonth ? "Per maand" : "Per jaar"}: ${label(buckets[0].period, true)} tot en met ${label(
      buckets[buckets.length - 1].period,
      true,
    )}.`;
    const hint = z.make("span", compact.matches ? "visually-hidden" : "", ` Kies een ${perMonth ? "maand" : "jaar"} om alleen die periode te zien.`);
    caption.replaceChildren(document.createTextNode(span), hint);

    const width = Math.max(chart.clientWidth, 200);
    const step = width / buckets.length;
    const gap = step > 6 ? Math.min(4, step * 0.2) : 0;
    const max = Math.max(1, ...buckets.map((b) => b.count));
    const chosen = chosenPeriod(state);
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(HEIGHT + LABELS));
    svg.setAttribute("viewBox", `0 0 ${width} ${HEIGHT + LABELS}`);
    svg.setAttribute("role", "group");
    svg.setAttribute("aria-label", perMonth ? "Treffers per maand" : "Treffers per jaar");
    const baseline = document.createElementNS(SVG, "line");
    baseline.setAttribute("x1", "0");
    baseline.setAttribute("x2", String(width));
    baseline.setAttribute("y1", String(HEIGHT + 0.5));
    baseline.setAttribute("y2", String(HEIGHT + 0.5));
    baseline.setAttribute("class", "timeline-axis");
    svg.append(baseline);
    const every = Math.max(1, Math.ceil(LABEL_PX / step));
    // A redraw (a new width, the same answer announced again) keeps a keyboard user's place.
    const focused = chart.contains(document.activeElement) ? document.activeElement.dataset.period : null;
    const kept = focused && buckets.some((b) => b.period === focused) ? focused : null;
    const stop = kept || (buckets.some((b) => b.period === chosen) ? chosen : buckets[buckets.length - 1].period);
    buckets.forEach((bucket, i) => {
      const x = i * step;
      const h = bucket.count ? Math.max(2, (bucket.count / max) * (HEIGHT - TOP)) : 0;
      const target = targetFor(state, bucket.period);
      const link = document.createElementNS(SVG, "a");
      link.setAttribute("href", z.urlFromState(target));
      link.setAttribute("class", "timeline-bar");
      link.dataset.period = bucket.period;
      const on = chosen === bucket.period;
      if (on) link.setAttribute("aria-current", "true");
      link.setAttribute("tabindex", bucket.period === stop ? "0" : "-1");
      const what = `${label(bucket.period, true)}: ${z.plural(bucket.count, unit[0], unit[1])}`;
      link.setAttribute("aria-label", on ? `${what}; gekozen, kies opnieuw om alle perioden te zien` : what);
      const title = document.createElementNS(SVG, "title");
      title.textContent = what;
      // the whole column takes the click, so a short bar is as easy to hit as a tall one
      const hitArea = document.createElementNS(SVG, "rect");
      hitArea.setAttribute("x", String(x));
      hitArea.setAttribute("y", "0");
      hitArea.setAttribute("width", String(step));
      hitArea.setAttribute("height", String(HEIGHT));
      hitArea.setAttribute("class", "timeline-hit");
      const bar = document.createElementNS(SVG, "rect");
      bar.setAttribute("x", String(x + gap / 2));
      bar.setAttribute("y", String(HEIGHT - h));
      bar.setAttribute("width", String(Math.max(1, step - gap)));
      bar.setAttribute("height", String(h));
      bar.setAttribute("class", on ? "timeline-fill is-chosen" : "timeline-fill");
      link.append(title, hitArea, bar);
      if (step >= COUNT_PX && bucket.count) {
        const count = document.createElementNS(SVG, "text");
        count.setAttribute("x", String(x + step / 2));
        count.setAttribute("y", String(HEIGHT - h - 3));
        count.setAttribute("class", "timeline-count");
        count.setAttribute("aria-hidden", "true");
        count.textContent = bucket.count.toLocaleString("nl-NL");
        link.append(count);
      }
      link.addEventListener("click", (event) => z.followLink(event, target));
      svg.append(link);
      if (i % every === 0) {
        const text = document.createElementNS(SVG, "text");
        text.setAttribute("x", String(Math.min(x + 1, width - LABEL_PX)));
        text.setAttribute("y", String(HEIGHT + LABELS - 4));
        text.setAttribute("class", "timeline-label");
        text.setAttribute("aria-hidden", "true");
        text.textContent = label(bucket.period, false);
        svg.append(text);
      }
    });
    svg.addEventListener("keydown", moveFocus);
    chart.replaceChildren(svg);
    if (kept) svg.querySelector(`.timeline-bar[data-period="${CSS.escape(kept)}"]`)?.focus();

    const extra = [];
    for (const loose of timeline.year_only || []) {
      extra.push(`${z.plural(loose.count, unit[0], unit[1])} met alleen het jaar ${loose.period}`);
    }
    if (timeline.undated) extra.push(`${z.plural(timeline.undated, unit[0], unit[1])} zonder datum`);
    note.textContent = extra.length ? `Niet in de grafiek: ${extra.join(", ")}.` : "";
    note.hidden = !extra.length;

    // A chosen year is drawn per month, so its own bar is gone: this link widens the search again.
    const everything = { ...z.searchPart(state), from: "", to: "", page: 1 };
    reset.hidden = !(state.from || state.to);
    reset.href = z.urlFromState(everything);
    reset.onclick = (event) => z.followLink(event, everything);
  }

  // Roving focus inside the chart: one Tab stop, arrow keys between the bars.
  function moveFocus(event) {
    const bars = [...chart.querySelectorAll(".timeline-bar")];
    const at = bars.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: bars.length - 1 }[event.key];
    if (next === undefined || next < 0 || next >= bars.length) return;
    event.preventDefault();
    bars[at].setAttribute("tabindex", "-1");
    bars[next].setAttribute("tabindex", "0");
    bars[next].focus();
  }

  function show(detail) {
    shown = { state: detail.state, timeline: (detail.data.result || detail.data).timeline || { buckets: [] } };
    draw();
  }

  document.addEventListener("zoeklicht:results", (event) => show(event.detail));
  if (z.announced("results")) show(z.announced("results"));

  // The chart exists only while the results are shown: the reader's page holds no SVG at all,
  // so a check that article text never became markup (an <svg> among them) stays exact.
  new MutationObserver(() => {
    if (results.hidden) chart.replaceChildren();
    else if (!chart.firstChild) draw();
  }).observe(results, { attributes: true, attributeFilter: ["hidden"] });

  let resizeTimer = 0;
  let lastWidth = 0;
  new ResizeObserver(() => {
    if (chart.clientWidth === lastWidth) return;
    lastWidth = chart.clientWidth;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(draw, 100);
  }).observe(chart);
})();
