// Zoeklicht: the search page. Plain JavaScript, no build step, no dependencies.
//
// The whole page state lives in the URL (see stateFromURL / urlFromState), so back, forward,
// reload and shared links all go through render(state).
//
// Safe rendering: the API declares a few fields as HTML: a hit's `snippet` and `title_html`,
// an article's `title_html`, and a paragraph's `text` when the article was asked for with a
// query. Only those go through markedFragment(), which keeps <mark> and turns anything else
// into visible text. Everything else is set with textContent.
//
// Sections, in order: state and URLs; the API; formatting; navigation; the search view (the
// summary and its notes, hits, facets, active filters, paging, the date form); the help; the
// reader; keyboard; typing and completion; start. Additions of their own go in their own file
// and talk to this one through events on `document`: after each answer it dispatches
// "zoeklicht:results" ({state, data}) and "zoeklicht:article" ({state, article}); it listens to
// "zoeklicht:navigate" ({from, to, sources, sort, q}: the parts of the search to change).
"use strict";

(() => {
  // As-you-type waits this long after a keystroke: twice the last answer's time, within bounds,
  // so a fast server answers sooner and a slow one is not flooded.
  const DEBOUNCE_MIN_MS = 50;
  const DEBOUNCE_MAX_MS = 150;
  const BUSY_AFTER_MS = 200; // "Zoeken…" only for answers slower than this: no flicker
  const SOURCES_SHOWN = 5; // the most frequent sources; the rest behind "meer…"
  const FILTER_BOX_FROM = 8; // a list this long gets a box to filter it
  const PER_PAGE = 10;
  const MAX_PAGE = 100; // the API's default `max_page`; deeper pages are refused
  const SORTS = ["relevance", "newest", "oldest"];
  const MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
  ];
  const DATE_RE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

  const $ = (id) => document.getElementById(id);
  const el = {
    form: $("search-form"),
    q: $("q"),
    suggestions: $("suggestions"),
    filters: $("filters"),
    filtersToggle: $("filters-toggle"),
    filtersClose: $("filters-close"),
    activeFilters: $("active-filters"),
    facetSource: $("facet-source"),
    facetSourceFilter: $("facet-source-filter"),
    facetSourceMore: $("facet-source-more"),
    facetYear: $("facet-year"),
    rangeForm: $("range-form"),
    from: $("from"),
    to: $("to"),
    rangeError: $("range-error"),
    rangeClear: $("range-clear"),
    sort: $("sort"),
    moreFilters: $("more-filters"),
    moreFiltersActive: $("more-filters-active"),
    main: $("main"),
    error: $("error"),
    qError: $("q-error"),
    busy: $("busy"),
    prefixNote: $("prefix-note"),
    alone: $("alone"),
    stopNote: $("stop-note"),
    pagingEnd: $("paging-end"),
    help: $("help"),
    indexInfo: $("index-info"),
    results: $("results"),
    summary: $("summary"),
    didYouMean: $("did-you-mean"),
    didYouMeanLink: $("did-you-mean-link"),
    partial: $("partial"),
    hits: $("hits"),
    pager: $("pager"),
    prev: $("prev"),
    next: $("next"),
    pageInfo: $("page-info"),
    reader: $("reader"),
    readerBack: $("reader-back"),
    readerBarTitle: $("reader-bar-title"),
    readerHops: $("reader-hops"),
    hopPrev: $("hop-prev"),
    hopNext: $("hop-next"),
    hopInfo: $("hop-info"),
    readerTitle: $("reader-title"),
    readerMeta: $("reader-meta"),
    readerMatchInfo: $("reader-match-info"),
    readerBody: $("reader-body"),
    home: $("home"),
  };

  // -- state and URLs ------------------------------------------------------------------------

  /** The page state: a search, and optionally the article open in the reader. */
  function emptyState() {
    return { q: "", prefix: false, sources: [], from: "", to: "", sort: "relevance", page: 1, article: "", para: null };
  }

  function stateFromURL(search) {
    const p = new URLSearchParams(search);
    const state = emptyState();
    state.q = (p.get("q") || "").trim();
    state.prefix = p.get("prefix") === "1" && state.q !== "";
    state.sources = [...new Set(p.getAll("source").filter(Boolean))];
    state.from = p.get("from") || "";
    state.to = p.get("to") || "";
    state.sort = SORTS.includes(p.get("sort")) ? p.get("sort") : "relevance";
    const page = parseInt(p.get("page") || "1", 10);
    state.page = Number.isFinite(page) ? Math.min(Math.max(page, 1), MAX_PAGE) : 1;
    state.article = p.get("article") || "";
    const para = parseInt(p.get("para") || "", 10);
    state.para = Number.isFinite(para) ? para : null;
    return state;
  }

  function searchPart(state) {
    return { ...state, article: "", para: null };
  }

  function urlFromState(state) {
    const p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.q && state.prefix) p.set("prefix", "1");
    for (const s of state.sources) p.append("source", s);
    if (state.from) p.set("from", state.from);
    if (state.to) p.set("to", state.to);
    if (state.sort !== "relevance") p.set("sort", state.sort);
    if (state.page > 1) p.set("page", String(state.page));
    if (state.article) {
      p.set("article", state.article);
      if (state.para !== null) p.set("para", String(state.para));
    }
    const qs = p.toString();
    return qs ? `/?${qs}` : "/";
  }

  function apiSearchURL(state) {
    const p = new URLSearchParams();
    p.set("q", state.q);
    for (const s of state.sources) p.append("source", s);
    if (state.from) p.set("from", state.from);
    if (state.to) p.set("to", state.to);
    p.set("sort", state.sort);
    p.set("page", String(state.page));
    p.set("per_page", String(PER_PAGE));
    if (state.prefix) p.set("prefix", "1");
    return `/api/search?${p}`;
  }

  function hasSearch(state) {
    return state.q !== "" || state.sources.length > 0 || state.from !== "" || state.to !== "";
  }

  let current = stateFromURL(location.search);
  let lastAnswerMs = null; // how long the last answer took (a search, or the index stats at first)

  function debounceMs() {
    if (lastAnswerMs === null) return DEBOUNCE_MAX_MS;
    return Math.round(Math.min(DEBOUNCE_MAX_MS, Math.max(DEBOUNCE_MIN_MS, 2 * lastAnswerMs)));
  }

  // -- talking to the API --------------------------------------------------------------------

  /** An answer the page could not use; `parameter` names the control at fault (400s). */
  class ApiError extends Error {
    constructor(message, parameter = "", status = 0) {
      super(message);
      this.parameter = parameter;
      this.status = status;
    }
  }

  /** A problem+json body in Dutch. The API's `detail` is English and meant for developers; the
   *  page says what the person can do, next to the control that caused it. */
  function dutchProblem(status, body) {
    const parameter = (body && body.parameter) || "";
    const detail = (body && body.detail) || "";
    if (status >= 500) {
      return new ApiError(`De zoekdienst heeft een storing${detail ? `: ${detail}` : ` (${status}).`}`);
    }
    if (parameter === "q") {
      const long = /(\d+) characters long; the limit is (\d+)/.exec(detail);
      if (long) return new ApiError(`De zoekopdracht is te lang: ${long[1]} tekens, hooguit ${long[2]}.`, "q");
      if (/no words/.test(detail)) return new ApiError("De zoekopdracht bevat geen woorden om te zoeken.", "q");
      if (/too many words/.test(detail)) {
        return new ApiError("Dit patroon past op te veel woorden; typ meer letters vóór de * of ?.", "q");
      }
      if (/wildcard/.test(detail)) return new ApiError("Zet minstens één letter vóór een * of ?.", "q");
      return new ApiError("Deze zoekopdracht kan niet worden gelezen; controleer aanhalingstekens en haakjes.", "q");
    }
    if (parameter === "from" || parameter === "to") {
      if (/later than/.test(detail)) return new ApiError("De begindatum ligt na de einddatum.", parameter);
      return new ApiError("Deze datum wordt niet begrepen. Gebruik 2018, 2018-05 of 2018-05-27.", parameter);
    }
    if (parameter === "page") return new ApiError("Zo ver kan niet worden doorgebladerd.", parameter);
    if (status === 404) return new ApiError("Dit bestaat niet (meer) in het archief.", "", 404);
    return new ApiError(`De zoekdienst kon dit verzoek niet verwerken (${status}).`, parameter);
  }

  async function getJSON(url, signal) {
    let response;
    try {
      response = await fetch(url, { signal, headers: { Accept: "application/json" } });
    } catch (err) {
      if (err.name === "AbortError") throw err;
      throw new ApiError("De zoekdienst is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.");
    }
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      if (err.name === "AbortError") throw err;
      body = null;
    }
    if (!response.ok) throw dutchProblem(response.status, body);
    if (body === null) throw new ApiError("De zoekdienst gaf een onleesbaar antwoord.");
    return body;
  }

  /** An error goes next to the control that caused it: the box, the date form, or the top. */
  function showError(message, parameter = "") {
    const place = parameter === "q" ? el.qError : parameter === "from" || parameter === "to" ? el.rangeError : el.error;
    if (place === el.rangeError) {
      el.moreFilters.open = true;
      setFiltersOpen(true); // on a phone the date form is in the filter panel
    }
    place.textContent = message;
    place.hidden = false;
  }

  function clearError() {
    for (const place of [el.error, el.qError]) {
      place.hidden = true;
      place.textContent = "";
    }
  }

  // -- formatting ----------------------------------------------------------------------------

  function plural(n, one, many) {
    return `${n.toLocaleString("nl-NL")} ${n === 1 ? one : many}`;
  }

  /** "27 mei 2018", "februari 2021" or "2018", following the date's precision. */
  function formatDate(date, precision) {
    if (!date) return "";
    const [y, m, d] = date.split("-").map((part) => parseInt(part, 10));
    if (precision === "year" || !m) return String(y);
    if (precision === "month" || !d) return `${MONTHS[m - 1]} ${y}`;
    return `${d} ${MONTHS[m - 1]} ${y}`;
  }

  /** Parse HTML that may only contain <mark>; anything else becomes visible text.
   *  The API already escapes everything but <mark>; this is a second line of defence.
   *  A <template> parses inertly: no script runs and no image loads. */
  function markedFragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return keepMarks(template.content);
  }

  function keepMarks(parent) {
    const out = document.createDocumentFragment();
    for (const node of parent.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        out.append(node.data);
      } else if (node.nodeType === Node.ELEMENT_NODE && node.localName === "mark") {
        const mark = document.createElement("mark");
        mark.append(keepMarks(node));
        out.append(mark);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        out.append(node.outerHTML);
      }
    }
    return out;
  }

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function metaLine(parent, parts) {
    parent.replaceChildren();
    parts.filter((part) => part && part.text).forEach((part, i) => {
      if (i > 0) parent.append(make("span", "sep", " · "));
      if (part.datetime) {
        const time = make("time", part.className, part.text);
        time.dateTime = part.datetime;
        parent.append(time);
      } else {
        parent.append(make("span", part.className, part.text));
      }
    });
  }

  // -- navigation ----------------------------------------------------------------------------

  // A run of keystrokes shares one history entry: the first pushes, the rest replace it.
  function navigate(state, { replace = false, typing = false, fromResults = false } = {}) {
    const url = urlFromState(state);
    const entry = { typing, fromResults };
    if (replace) history.replaceState(entry, "", url);
    else history.pushState(entry, "", url);
    current = state;
    render(state);
  }

  function followLink(event, state, options) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(state, options);
  }

  window.addEventListener("popstate", () => {
    cancelPendingInput();
    current = stateFromURL(location.search);
    render(current);
  });

  function render(state) {
    syncControls(state);
    document.body.dataset.view = state.article ? "reader" : hasSearch(state) ? "results" : "help";
    if (state.article) {
      showReader(state);
    } else {
      showSearch(state);
    }
  }

  /** Put the state into the form controls (after back/forward/reload or a link). */
  function syncControls(state) {
    if (el.q.value.trim() !== state.q || (state.prefix && /\s$/.test(el.q.value))) el.q.value = state.q;
    el.sort.value = state.sort;
    el.from.value = state.from;
    el.to.value = state.to;
    el.rangeError.hidden = true;
    const chosen = [];
    if (state.from || state.to) chosen.push(`${state.from || "…"} – ${state.to || "…"}`);
    if (state.sort !== "relevance") chosen.push(el.sort.selectedOptions[0].textContent.toLowerCase());
    el.moreFiltersActive.textContent = chosen.length ? ` (${chosen.join(", ")})` : "";
    document.title = state.q ? `${state.q} – Zoeklicht` : "Zoeklicht";
  }

  // -- the search view -----------------------------------------------------------------------

  let searchController = null;
  let searchSeq = 0;
  let renderedKey = ""; // the API URL whose answer the result list shows
  let resultsScrollY = 0;
  let lastArticle = ""; // the article last opened from the list, to return focus to it

  function showSearch(state) {
    el.reader.hidden = true;
    readerController?.abort();
    if (!hasSearch(state)) {
      searchController?.abort();
      searchController = null;
      searchSeq += 1;
      setLoading(false);
      clearError();
      el.results.hidden = true;
      el.filters.hidden = true;
      el.help.hidden = false;
      loadStats();
      return;
    }
    el.help.hidden = true;
    el.filters.hidden = false;
    el.results.hidden = false;
    renderActiveFilters(state);
    runSearch(state);
  }

  let afterRender = null; // something to do once the next result list is shown (focus)

  async function runSearch(state) {
    const key = apiSearchURL(state);
    if (key === renderedKey && !searchController) {
      clearError();
      restoreResultsView();
      afterRender?.();
      afterRender = null;
      return;
    }
    searchController?.abort();
    const controller = new AbortController();
    searchController = controller;
    const seq = ++searchSeq;
    setLoading(true);
    const started = performance.now();
    try {
      const data = await getJSON(key, controller.signal);
      if (seq !== searchSeq) return; // a newer search has started: never show a stale answer
      lastAnswerMs = performance.now() - started;
      clearError();
      const result = normaliseResult(data);
      renderResults(state, result);
      announce("results", { state, data: result, raw: data }); // timeline, KWIC, export
      renderedKey = key;
      afterRender?.();
    } catch (err) {
      if (err.name === "AbortError" || seq !== searchSeq) return;
      renderedKey = "";
      showError(err.message, err.parameter);
      if (!el.hits.children.length) {
        el.summary.textContent = err.parameter
          ? "Geen resultaten: pas de zoekopdracht of de filters aan."
          : "Geen resultaten: de zoekdienst gaf een fout.";
      }
    } finally {
      if (seq === searchSeq) {
        searchController = null;
        afterRender = null;
        setLoading(false);
      }
    }
  }

  let busyTimer = 0;

  /** Old results dim at once (by CSS, after a delay); after BUSY_AFTER_MS a quiet "Zoeken…" is
   *  also shown and announced, so a slow answer is never mistaken for no answer. */
  function setLoading(on) {
    document.body.classList.toggle("is-loading", on);
    el.results.setAttribute("aria-busy", on ? "true" : "false");
    clearTimeout(busyTimer);
    if (on) {
      busyTimer = setTimeout(() => {
        el.busy.textContent = "Zoeken…";
      }, BUSY_AFTER_MS);
    } else {
      el.busy.textContent = "";
    }
  }

  /** The API's search answer, whether bare or wrapped in an envelope. */
  function normaliseResult(data) {
    const result = data.result || data;
    return {
      total_articles: result.total_articles ?? 0,
      total_paragraphs: result.total_paragraphs ?? 0,
      matching_paragraphs: result.matching_paragraphs ?? result.total_paragraphs ?? 0,
      page: result.page ?? 1,
      per_page: result.per_page ?? PER_PAGE,
      hits: result.hits || [],
      facets: result.facets || {},
      pages: result.pages ?? null,
      did_you_mean: result.did_you_mean || null,
      partial: Boolean(result.partial),
      words_alone: result.words_alone || [],
      stop_words: result.stop_words || [],
      timeline: result.timeline || null,
    };
  }

  function renderResults(state, data) {
    const articles = data.total_articles;
    if (articles === 0 && onlyStopWords(state.q, data.stop_words)) {
      const words = data.stop_words.map((w) => `‘${w}’`).join(", ");
      el.summary.textContent = `${words} ${data.stop_words.length === 1 ? "wordt" : "worden"} niet gezocht.`;
    } else if (articles === 0 && data.words_alone.length > 1) {
      el.summary.textContent = "Geen artikel met alle woorden.";
    } else if (articles === 0) {
      el.summary.textContent = state.q ? `Niets gevonden voor ‘${state.q}’.` : "Geen artikelen met deze filters.";
    } else {
      const first = (data.page - 1) * data.per_page + 1;
      const last = first + data.hits.length - 1;
      const range = articles > data.per_page ? ` Resultaat ${first}–${last}.` : "";
      const paragraphs = data.matching_paragraphs
        ? `${plural(data.matching_paragraphs, "alinea komt", "alinea's komen")} overeen`
        : "alleen in de titel";
      el.summary.textContent = `${plural(articles, "artikel", "artikelen")} gevonden, ${paragraphs}.${range}`;
    }

    renderStopNote(state, data);
    renderAlone(state, data);
    renderPrefixNote(state);
    el.didYouMean.hidden = !data.did_you_mean;
    if (data.did_you_mean) {
      const next = { ...searchPart(state), q: data.did_you_mean, prefix: false, page: 1 };
      el.didYouMeanLink.textContent = data.did_you_mean;
      el.didYouMeanLink.href = urlFromState(next);
      el.didYouMeanLink.onclick = (event) => followLink(event, next);
    }
    el.partial.hidden = !data.partial;

    // Someone tabbing through the list while a newer answer arrives keeps their place.
    const focused = el.hits.contains(document.activeElement) ? document.activeElement : null;
    const focusedIndex = focused ? [...el.hits.querySelectorAll("a[data-article]")].indexOf(focused) : -1;
    el.hits.replaceChildren(...data.hits.map((hit, i) => renderHit(state, hit, i)));
    if (focused) {
      const links = [...el.hits.querySelectorAll("a[data-article]")];
      const same = links.find((a) => a.dataset.article === focused.dataset.article);
      (same || links[Math.min(focusedIndex, links.length - 1)] || el.q).focus({ preventScroll: true });
    }
    renderFacets(state, data.facets);
    renderPager(state, data);
  }

  function queryWords(q) {
    return q.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) || [];
  }

  /** A query of nothing but stop words ("het") is not "nothing found": it was not searched. */
  function onlyStopWords(q, stopWords) {
    const stop = new Set(stopWords.map((w) => w.toLowerCase()));
    const words = queryWords(q).filter((w) => !/^(AND|OR|NOT)$/.test(w));
    return words.length > 0 && words.every((w) => stop.has(w.toLowerCase()));
  }

  function renderStopNote(state, data) {
    const only = data.total_articles === 0 && onlyStopWords(state.q, data.stop_words);
    el.stopNote.hidden = !only;
    if (only) {
      el.stopNote.textContent =
        "Heel gewone woorden als ‘het’, ‘de’ en ‘van’ (stopwoorden) staan in bijna elk artikel en worden " +
        "daarom niet gezocht. Zoek ze samen met andere woorden, of in een woordgroep: \"het Witte Huis\".";
    }
  }

  /** Nothing with all the words: what each finds on its own, as links ("met Rutte alleen: 3"). */
  function renderAlone(state, data) {
    const alone = data.total_articles === 0 ? data.words_alone : [];
    el.alone.hidden = alone.length < 2;
    if (el.alone.hidden) return;
    el.alone.replaceChildren();
    const typing = state.prefix ? queryWords(state.q).pop() : ""; // counted as a word start
    alone.forEach((w, i) => {
      el.alone.append(i === 0 ? "Met " : "; met ");
      const next = { ...searchPart(state), q: w.word, prefix: w.word === typing, page: 1 };
      if (w.total_articles > 0) {
        const link = make("a", "", w.word);
        link.href = urlFromState(next);
        link.addEventListener("click", (event) => followLink(event, next));
        el.alone.append(link);
      } else {
        el.alone.append(make("em", "", w.word));
      }
      el.alone.append(` alleen: ${plural(w.total_articles, "artikel", "artikelen")}`);
    });
    el.alone.append(".");
  }

  /** While typing, the last word counts as the start of a word; say so, quietly, so counts that
   *  change after Enter are no surprise. */
  function renderPrefixNote(state) {
    const last = state.prefix && /[\p{L}\p{N}]$/u.test(state.q) ? queryWords(state.q).pop() : "";
    el.prefixNote.hidden = !last;
    if (last) el.prefixNote.textContent = `Terwijl u typt, telt ‘${last}’ als begin van een woord; Enter zoekt het hele woord.`;
  }

  function renderHit(state, hit, i) {
    const li = make("li", "hit");
    const article = make("article");
    const titleId = `hit-title-${i}`;
    article.setAttribute("aria-labelledby", titleId);
    const h3 = make("h3", "hit-title");
    h3.id = titleId;
    const link = make("a");
    if (hit.title_html) link.append(markedFragment(hit.title_html));
    else link.textContent = hit.title || "(zonder titel)";
    const target = { ...searchPart(state), article: hit.article_id, para: hit.paragraph };
    link.href = urlFromState(target);
    link.dataset.article = hit.article_id;
    link.addEventListener("click", (event) => {
      resultsScrollY = window.scrollY;
      lastArticle = hit.article_id;
      followLink(event, target, { fromResults: true });
    });
    h3.append(link);

    const meta = make("p", "meta");
    metaLine(meta, [
      { text: hit.source, className: "source" },
      { text: formatDate(hit.date, hit.date_precision), className: "date", datetime: hit.date || "" },
      { text: hit.section, className: "section" },
    ]);

    const snippet = make("p", "snippet");
    snippet.append(markedFragment(hit.snippet || ""));

    const n = hit.matching_paragraphs ?? 0;
    const inTitle = /<mark>/.test(hit.title_html || "");
    let said = `${n.toLocaleString("nl-NL")} alinea's in dit artikel komen overeen`;
    if (n === 1) said = "1 alinea in dit artikel komt overeen";
    if (n === 0) said = inTitle ? "Gevonden in de titel" : "Gevonden in het artikel";
    const matches = make("p", n === 0 ? "matches title-match" : "matches", said);
    article.append(h3, meta, snippet, matches);
    li.append(article);
    return li;
  }

  function facetButton(label, count, pressed, onClick, unit) {
    const li = make("li");
    const button = make("button", "facet-button");
    button.type = "button";
    button.tabIndex = -1; // one Tab stop per group: see roving()
    button.dataset.value = label;
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.append(make("span", "facet-value", label), make("span", "facet-count", count.toLocaleString("nl-NL")));
    button.setAttribute("aria-label", `${label}: ${plural(count, unit[0], unit[1])}`);
    button.addEventListener("click", onClick);
    li.append(button);
    return li;
  }

  // Each facet list is one Tab stop (a toolbar with a roving tabindex, as the ARIA practices
  // describe): Tab enters at the chosen or first value, arrow keys, Home and End move inside.
  function roving(list, focusValue = "") {
    const buttons = [...list.querySelectorAll("button:not([hidden])")].filter((b) => !b.closest("[hidden]"));
    const current =
      buttons.find((b) => b.dataset.value === focusValue) ||
      buttons.find((b) => b.getAttribute("aria-pressed") === "true") ||
      buttons[0];
    for (const b of buttons) b.tabIndex = b === current ? 0 : -1;
  }

  function moveInList(list, event) {
    const keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: "first", End: "last" };
    const step = keys[event.key];
    if (step === undefined || !(event.target instanceof HTMLButtonElement)) return;
    const buttons = [...list.querySelectorAll("button")].filter((b) => !b.closest("[hidden]"));
    const at = buttons.indexOf(event.target);
    if (at < 0) return;
    event.preventDefault();
    let next = step === "first" ? 0 : step === "last" ? buttons.length - 1 : at + step;
    next = (next + buttons.length) % buttons.length;
    for (const b of buttons) b.tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
  }

  for (const list of [el.facetSource, el.facetYear]) list.addEventListener("keydown", (event) => moveInList(list, event));

  let sourcesOpen = false; // "meer…" was chosen: every source is listed

  function renderFacets(state, facets) {
    const focused = el.filters.contains(document.activeElement) ? document.activeElement.dataset.value || "" : "";
    const sources = [...(facets.source || [])];
    for (const chosen of state.sources) {
      if (!sources.some((f) => f.value.toLowerCase() === chosen.toLowerCase())) sources.push({ value: chosen, count: 0 });
    }
    const articleUnit = ["artikel", "artikelen"];
    const chosenSource = (value) => state.sources.some((s) => s.toLowerCase() === value.toLowerCase());
    el.facetSource.replaceChildren(
      ...sources.map((f, i) => {
        const li = facetButton(f.value, f.count, chosenSource(f.value), () => toggleSource(f.value), articleUnit);
        li.dataset.rank = String(i);
        return li;
      }),
    );
    el.facetSource.closest("section").hidden = !sources.length; // nothing to choose: no heading either
    const hidden = sources.length - SOURCES_SHOWN;
    el.facetSourceMore.hidden = hidden <= 0;
    el.facetSourceMore.setAttribute("aria-expanded", sourcesOpen ? "true" : "false");
    el.facetSourceMore.textContent = sourcesOpen ? "minder" : `meer… (${hidden})`;
    el.facetSourceFilter.hidden = !(sourcesOpen && sources.length >= FILTER_BOX_FROM);
    showSources(focused);

    const years = [...(facets.year || [])];
    const yearChosen = state.from && state.from === state.to && /^\d{4}$/.test(state.from) ? state.from : "";
    if (yearChosen && !years.some((f) => f.value === yearChosen)) years.push({ value: yearChosen, count: 0 });
    years.sort((a, b) => b.value.localeCompare(a.value));
    el.facetYear.replaceChildren(
      ...years.map((f) => facetButton(f.value, f.count, f.value === yearChosen, () => toggleYear(f.value), articleUnit)),
    );
    el.facetYear.closest("section").hidden = !years.length;
    roving(el.facetYear, focused);
    if (focused) el.filters.querySelector(`button[data-value="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
  }

  /** Which sources are listed: the most frequent few and the chosen ones, or all (filtered). */
  function showSources(focusValue = "") {
    const needle = el.facetSourceFilter.hidden ? "" : el.facetSourceFilter.value.trim().toLowerCase();
    for (const li of el.facetSource.children) {
      const button = li.querySelector("button");
      if (!button) continue;
      const pressed = button.getAttribute("aria-pressed") === "true";
      const top = Number(li.dataset.rank) < SOURCES_SHOWN;
      li.hidden = !(pressed || (sourcesOpen ? button.dataset.value.toLowerCase().includes(needle) : top));
    }
    roving(el.facetSource, focusValue);
  }

  el.facetSourceMore.addEventListener("click", () => {
    sourcesOpen = !sourcesOpen;
    const hidden = el.facetSource.querySelectorAll("button").length - SOURCES_SHOWN;
    el.facetSourceMore.setAttribute("aria-expanded", sourcesOpen ? "true" : "false");
    el.facetSourceMore.textContent = sourcesOpen ? "minder" : `meer… (${hidden})`;
    el.facetSourceFilter.hidden = !(sourcesOpen && el.facetSource.querySelectorAll("button").length >= FILTER_BOX_FROM);
    if (el.facetSourceFilter.hidden) el.facetSourceFilter.value = "";
    showSources(document.activeElement?.dataset?.value || "");
    if (!el.facetSourceFilter.hidden) el.facetSourceFilter.focus();
  });

  el.facetSourceFilter.addEventListener("input", () => showSources());

  // -- active filters: removable chips above the results, and the phone's "Filters (n)" --------

  function renderActiveFilters(state) {
    const chips = state.sources.map((source) => ({
      label: source,
      remove: { ...searchPart(state), sources: state.sources.filter((s) => s !== source), page: 1 },
    }));
    if (state.from || state.to) {
      const label = state.from === state.to ? state.from : `${state.from || "…"} – ${state.to || "…"}`;
      chips.push({ label, remove: { ...searchPart(state), from: "", to: "", page: 1 } });
    }
    el.activeFilters.replaceChildren(
      ...chips.map((chip) => {
        const li = make("li");
        const button = make("button", "chip");
        button.type = "button";
        button.append(make("span", "", chip.label), make("span", "chip-x", "×"));
        button.setAttribute("aria-label", `Filter ${chip.label} weghalen`);
        button.addEventListener("click", () => {
          afterRender = () => {
            const toggle = el.filtersToggle.offsetParent ? el.filtersToggle : null; // shown on a phone only
            (el.activeFilters.querySelector("button") || toggle || el.q).focus({ preventScroll: true });
          };
          navigate(chip.remove);
        });
        li.append(button);
        return li;
      }),
    );
    el.activeFilters.hidden = chips.length === 0;
    el.filtersToggle.textContent = chips.length ? `Filters (${chips.length})` : "Filters";
  }

  function setFiltersOpen(open) {
    document.body.classList.toggle("filters-open", open);
    el.filtersToggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  el.filtersToggle.addEventListener("click", () => {
    const open = el.filtersToggle.getAttribute("aria-expanded") !== "true";
    setFiltersOpen(open);
    if (open) (el.filters.querySelector('button[tabindex="0"]') || el.filtersClose).focus();
  });

  el.filtersClose.addEventListener("click", () => {
    setFiltersOpen(false);
    el.filtersToggle.focus();
  });

  el.filters.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !document.body.classList.contains("filters-open") || !el.filtersToggle.offsetParent) return;
    event.preventDefault(); // the panel closes; the page stays as it is
    setFiltersOpen(false);
    el.filtersToggle.focus();
  });

  function toggleSource(value) {
    const lower = value.toLowerCase();
    const on = current.sources.some((s) => s.toLowerCase() === lower);
    const sources = on ? current.sources.filter((s) => s.toLowerCase() !== lower) : [...current.sources, value];
    navigate({ ...searchPart(current), sources, page: 1 });
  }

  function toggleYear(year) {
    const on = current.from === year && current.to === year;
    navigate({ ...searchPart(current), from: on ? "" : year, to: on ? "" : year, page: 1 });
  }

  function renderPager(state, data) {
    const pages = data.pages ?? Math.min(Math.ceil(data.total_articles / data.per_page), MAX_PAGE);
    el.pager.hidden = pages <= 1;
    el.pageInfo.textContent = `Pagina ${state.page} van ${pages}`;
    el.prev.disabled = state.page <= 1;
    el.next.disabled = state.page >= pages;
    // Paging stops at the API's deepest page; say so on the last page, and how to see the rest.
    const reachable = pages * data.per_page;
    el.pagingEnd.hidden = !(data.total_articles > reachable && state.page >= pages);
    if (!el.pagingEnd.hidden) {
      el.pagingEnd.textContent =
        `Verder bladeren gaat niet: alleen de eerste ${reachable.toLocaleString("nl-NL")} van de ` +
        `${plural(data.total_articles, "artikel", "artikelen")} zijn te bekijken. ` +
        "Verfijn de zoekopdracht of kies een bron of periode om de rest te zien.";
    }
  }

  function goToPage(page) {
    afterRender = () => {
      el.results.scrollIntoView({ block: "start" });
      el.hits.querySelector("a")?.focus({ preventScroll: true });
    };
    navigate({ ...searchPart(current), page });
  }

  el.prev.addEventListener("click", () => goToPage(current.page - 1));
  el.next.addEventListener("click", () => goToPage(current.page + 1));

  el.sort.addEventListener("change", () => {
    navigate({ ...searchPart(current), sort: el.sort.value, page: 1 });
  });

  el.rangeForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const from = normaliseDate(el.from.value);
    const to = normaliseDate(el.to.value);
    const bad = [from, to].find((value) => value && !DATE_RE.test(value));
    if (bad !== undefined) {
      el.rangeError.textContent = `‘${bad}’ is geen datum. Gebruik 2018, 2018-05 of 2018-05-27.`;
      el.rangeError.hidden = false;
      return;
    }
    if (from && to && from.slice(0, Math.min(from.length, to.length)) > to.slice(0, Math.min(from.length, to.length))) {
      el.rangeError.textContent = "De begindatum ligt na de einddatum.";
      el.rangeError.hidden = false;
      el.from.focus();
      return;
    }
    el.rangeError.hidden = true;
    afterRender = showCount;
    navigate({ ...searchPart(current), from, to, page: 1 });
  });

  /** After a filter is applied, the new count is what the person wants to see. */
  function showCount() {
    const box = el.summary.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) el.summary.scrollIntoView({ block: "nearest" });
  }

  el.rangeClear.addEventListener("click", () => {
    navigate({ ...searchPart(current), from: "", to: "", page: 1 });
  });

  /** "2018-5-7" becomes "2018-05-07", as the API wants it; anything else is left for the check. */
  function normaliseDate(raw) {
    const value = raw.trim();
    const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(value);
    if (!m) return value;
    return [m[1], m[2], m[3]].filter(Boolean).map((part, i) => (i ? part.padStart(2, "0") : part)).join("-");
  }

  function restoreResultsView() {
    el.results.hidden = false;
    if (lastArticle) {
      window.scrollTo(0, resultsScrollY);
      const link = [...el.hits.querySelectorAll("a[data-article]")].find((a) => a.dataset.article === lastArticle);
      link?.focus({ preventScroll: true });
      lastArticle = "";
    }
  }

  // -- the empty state: help and what the index holds ----------------------------------------

  let statsLoaded = false;

  async function loadStats() {
    if (statsLoaded) return;
    try {
      const started = performance.now();
      const data = await getJSON("/api/stats");
      lastAnswerMs ??= performance.now() - started; // the first estimate for the debounce
      renderStats(data.stats || data);
    } catch (err) {
      if (err instanceof ApiError) el.indexInfo.textContent = "Gegevens over de index zijn nu niet beschikbaar.";
    }
  }

  function renderStats(stats) {
    statsLoaded = true;
    const parts = [];
    parts.push(
      `De index bevat ${plural(stats.articles, "artikel", "artikelen")} ` +
        `(${plural(stats.paragraphs, "alinea", "alinea's")})`,
    );
    if (stats.date_min && stats.date_max) {
      parts.push(` van ${formatDate(stats.date_min, "month")} tot en met ${formatDate(stats.date_max, "month")}`);
    }
    el.indexInfo.replaceChildren(parts.join("") + ".");
    const sources = stats.sources || [];
    if (sources.length) {
      el.indexInfo.append(` ${sources.length === 1 ? "Bron" : "Bronnen"}: `);
      sources.forEach((source, i) => {
        if (i > 0) el.indexInfo.append(", ");
        const state = { ...emptyState(), sources: [source.value] };
        const link = make("a", "", source.value);
        link.href = urlFromState(state);
        link.addEventListener("click", (event) => followLink(event, state));
        el.indexInfo.append(link, ` (${plural(source.count, "alinea", "alinea's")})`);
      });
      el.indexInfo.append(".");
    }
  }

  // -- the reader ----------------------------------------------------------------------------

  let readerController = null;

  async function showReader(state) {
    el.help.hidden = true;
    el.results.hidden = true;
    el.filters.hidden = true;
    el.reader.hidden = false;
    const back = searchPart(state);
    el.readerBack.href = urlFromState(back);
    el.readerBack.textContent = hasSearch(back) ? "← Terug naar de resultaten" : "← Naar de zoekpagina";

    readerController?.abort();
    const controller = new AbortController();
    readerController = controller;
    el.readerTitle.textContent = "";
    el.readerBarTitle.textContent = "";
    el.readerHops.hidden = true;
    el.readerMeta.replaceChildren();
    el.readerMatchInfo.hidden = true;
    el.readerBody.replaceChildren();
    const slow = setTimeout(() => {
      el.readerTitle.textContent = "Artikel laden…"; // only when it takes a while: no flash
    }, 300);
    const p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.q && state.prefix) p.set("prefix", "1"); // marks what the list matched
    try {
      const data = await getJSON(`/api/articles/${encodeURIComponent(state.article)}?${p}`, controller.signal);
      if (readerController !== controller) return;
      renderArticle(state, data);
      announce("article", { state, article: data }); // research tools: related articles
      clearError();
    } catch (err) {
      if (err.name === "AbortError" || readerController !== controller) return;
      el.readerTitle.textContent = "Dit artikel kon niet worden geladen.";
      showError(err.status === 404 ? `Er is geen artikel ‘${state.article}’ in het archief.` : err.message);
    } finally {
      clearTimeout(slow);
    }
  }

  // Only http(s) links are offered, whatever an index built elsewhere holds (ingest keeps no
  // other scheme): the URL parser sees through case, blanks and tabs ("java\tscript:").
  function isWebLink(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:";
    } catch {
      return false;
    }
  }

  function renderArticle(state, article) {
    document.title = `${article.title} – Zoeklicht`;
    el.readerTitle.replaceChildren();
    if (article.marked && article.title_html) el.readerTitle.append(markedFragment(article.title_html));
    else el.readerTitle.textContent = article.title || "(zonder titel)";
    el.readerBarTitle.textContent = article.title || "";
    metaLine(el.readerMeta, [
      { text: article.source, className: "source" },
      { text: formatDate(article.date, article.date_precision), className: "date", datetime: article.date || "" },
    ]);
    if (article.url && isWebLink(article.url)) {
      el.readerMeta.append(make("span", "sep", " · "));
      const link = make("a", "", "origineel");
      link.href = article.url;
      link.rel = "noopener noreferrer";
      el.readerMeta.append(link);
    }

    const paragraphs = article.paragraphs || [];
    const body = document.createDocumentFragment();
    let heading = "";
    let target = null;
    let firstMatch = null;
    for (const para of paragraphs) {
      if (para.heading && para.heading !== heading) body.append(make("h3", "reader-heading", para.heading));
      heading = para.heading || "";
      const node = make("p", "paragraph");
      node.id = `alinea-${para.number}`;
      if (article.marked) node.append(markedFragment(para.text || ""));
      else node.textContent = para.text || "";
      if (para.matches) {
        node.classList.add("match");
        firstMatch ??= node;
      }
      if (state.para !== null && para.number === state.para) target = node;
      body.append(node);
    }
    el.readerBody.replaceChildren(body);

    const found = paragraphs.some((para) => para.matches);
    el.readerMatchInfo.hidden = !found && !article.title_matches;
    el.readerMatchInfo.textContent = found
      ? `De woorden van ‘${state.q}’ zijn gemarkeerd.`
      : `De woorden van ‘${state.q}’ staan in de titel, niet in de alinea's.`;

    hops = [...el.readerBody.querySelectorAll(".paragraph.match")];
    hop = -1;
    // A paragraph found through the title alone is no "found paragraph": go to the first match.
    if (target && !target.classList.contains("match")) target = null;
    target ??= firstMatch;
    if (target) {
      goToHop(hops.indexOf(target), { focus: true });
    } else {
      window.scrollTo(0, 0);
      el.readerTitle.focus({ preventScroll: true });
    }
    el.readerHops.hidden = hops.length < 2;
    $("reader-bar").classList.toggle("has-hops", hops.length >= 2); // a row the bar's height never changes
  }

  // -- the reader: from one found paragraph to the next ----------------------------------------

  let hops = []; // the paragraphs that match, in order
  let hop = -1;

  function goToHop(index, { focus = false } = {}) {
    if (index < 0 || index >= hops.length) return;
    hops[hop]?.classList.remove("target");
    hops[hop]?.removeAttribute("aria-label");
    hop = index;
    const target = hops[hop];
    target.classList.add("target");
    target.tabIndex = -1;
    target.setAttribute("aria-label", `Gevonden alinea, ${hop + 1} van ${hops.length}`);
    // Below the sticky bar, which keeps the title and the way back in view.
    const bar = $("reader-bar").getBoundingClientRect().height;
    const top = target.getBoundingClientRect().top + window.scrollY - bar - 16;
    const centred = top - Math.max(0, (window.innerHeight - bar - target.offsetHeight) / 3);
    window.scrollTo(0, Math.max(0, Math.min(top, centred)));
    if (focus) target.focus({ preventScroll: true }); // the buttons keep the focus; the count is announced
    el.hopInfo.textContent = `${hop + 1} van ${hops.length}`;
    el.hopPrev.disabled = hop === 0;
    el.hopNext.disabled = hop === hops.length - 1;
  }

  // The bar names the article once its heading has scrolled away.
  if ("IntersectionObserver" in window) {
    const bar = $("reader-bar");
    new IntersectionObserver(([entry]) => {
      bar.classList.toggle("scrolled", !entry.isIntersecting && entry.boundingClientRect.top < 0);
    }).observe(el.readerTitle);
  }

  el.hopPrev.addEventListener("click", () => goToHop(hop - 1));
  el.hopNext.addEventListener("click", () => goToHop(hop + 1));

  el.readerBack.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    closeReader();
  });

  function closeReader() {
    if (history.state && history.state.fromResults) history.back();
    else navigate(searchPart(current));
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented) return;
    const inField = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (event.key === "Escape" && !el.reader.hidden && !inField) {
      event.preventDefault();
      closeReader();
    } else if (event.key === "/" && !inField && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      el.q.focus();
      el.q.select();
    }
  });

  // The skip links (first on the page, and right after the search box) lead to the first result,
  // or to the article in the reader, wherever the focus was.
  for (const skip of document.querySelectorAll("[data-skip]")) {
    skip.addEventListener("click", (event) => {
      event.preventDefault();
      const to = !el.reader.hidden ? el.readerTitle : el.hits.querySelector("a[data-article]") || el.main;
      to.focus();
      to.scrollIntoView({ block: "nearest" });
    });
  }

  // Other parts of the page (a timeline, an export link) change the search through an event.
  document.addEventListener("zoeklicht:navigate", (event) => {
    const allowed = ["q", "from", "to", "sources", "sort"];
    const change = Object.fromEntries(Object.entries(event.detail || {}).filter(([key]) => allowed.includes(key)));
    navigate({ ...searchPart(current), ...change, prefix: "q" in change ? false : current.prefix, page: 1 });
  });

  el.home.addEventListener("click", (event) => {
    followLink(event, emptyState());
    el.q.focus();
  });

  // -- typing: results as you type, and completion of the last word -------------------------

  let inputTimer = 0;

  let suggestController = null;
  let suggestSeq = 0;
  let options = []; // the completions shown
  let active = -1; // index of the highlighted completion

  /** The search that the text in the box stands for. Text ending in a letter is still being
   *  typed, so its last word is searched as a prefix. */
  function stateFromInput(finished) {
    const raw = el.q.value;
    const q = raw.trim();
    return { ...searchPart(current), q, prefix: !finished && q !== "" && !/\s$/.test(raw), page: 1 };
  }

  function cancelPendingInput() {
    clearTimeout(inputTimer);
    inputTimer = 0;
  }

  el.q.addEventListener("input", () => {
    cancelPendingInput();
    narrowSuggestions();
    inputTimer = setTimeout(() => {
      inputTimer = 0;
      const next = stateFromInput(false);
      if (urlFromState(next) !== urlFromState(current)) {
        navigate(next, { replace: Boolean(history.state && history.state.typing), typing: true });
      }
      loadSuggestions();
    }, debounceMs());
  });

  el.form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (active >= 0 && options[active]) {
      takeSuggestion(active);
      return;
    }
    commitInput();
  });

  function commitInput() {
    cancelPendingInput();
    closeSuggestions();
    suggestController?.abort();
    suggestSeq += 1;
    const next = stateFromInput(true);
    const same = urlFromState(next) === urlFromState(current);
    navigate(next, { replace: same || Boolean(history.state && history.state.typing) });
  }

  async function loadSuggestions() {
    const raw = el.q.value;
    const word = lastWord(raw);
    suggestController?.abort();
    const seq = ++suggestSeq;
    if (!word || document.activeElement !== el.q) {
      closeSuggestions();
      return;
    }
    const controller = new AbortController();
    suggestController = controller;
    try {
      const data = await getJSON(`/api/suggest?${new URLSearchParams({ q: raw })}`, controller.signal);
      if (seq !== suggestSeq || el.q.value !== raw) return;
      const list = Array.isArray(data) ? data : data.suggestions || data.completions || [];
      const lower = word.toLowerCase();
      openSuggestions(list.filter((c) => c && c.word && c.word.toLowerCase() !== lower));
    } catch (err) {
      if (seq === suggestSeq) closeSuggestions(); // the search itself reports API errors
    }
  }

  /** The word being typed, to complete; none inside an open phrase past its first word, where
   *  a completion from the whole vocabulary ("raad van" + "vanaf") would break the phrase. */
  function lastWord(text) {
    if (!text || /\s$/.test(text)) return "";
    const quotes = (text.match(/"/g) || []).length;
    if (quotes % 2 === 1 && /\s/.test(text.slice(text.lastIndexOf('"')).trim())) return "";
    const words = text.split(/\s+/);
    return words[words.length - 1].replace(/^[-+("]+/, "").replace(/^.*:/, "");
  }

  function openSuggestions(list) {
    options = list;
    active = -1;
    if (!list.length) {
      closeSuggestions();
      return;
    }
    el.suggestions.replaceChildren(
      ...list.map((completion, i) => {
        const li = make("li", "suggestion");
        li.id = `suggestion-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.append(make("span", "suggestion-word", completion.word));
        const count = make("span", "suggestion-count", String(completion.count));
        count.setAttribute("aria-hidden", "true");
        li.append(count);
        li.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the box
        li.addEventListener("click", () => takeSuggestion(i));
        return li;
      }),
    );
    el.suggestions.hidden = false;
    el.q.setAttribute("aria-expanded", "true");
    el.q.removeAttribute("aria-activedescendant");
  }

  /** While the next completions load, keep only those that still fit what is typed. */
  function narrowSuggestions() {
    if (el.suggestions.hidden) return;
    const word = lastWord(el.q.value).toLowerCase();
    const fits = options.filter((c) => word && c.word.toLowerCase().startsWith(word) && c.word.toLowerCase() !== word);
    if (fits.length !== options.length) openSuggestions(fits);
  }

  function closeSuggestions() {
    options = [];
    active = -1;
    el.suggestions.hidden = true;
    el.suggestions.replaceChildren();
    el.q.setAttribute("aria-expanded", "false");
    el.q.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    active = index;
    [...el.suggestions.children].forEach((li, i) => li.setAttribute("aria-selected", i === index ? "true" : "false"));
    if (index >= 0) {
      const li = el.suggestions.children[index];
      el.q.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    } else {
      el.q.removeAttribute("aria-activedescendant");
    }
  }

  /** Replace the word being typed with the completion, and search for it as a whole word. */
  function takeSuggestion(index) {
    const completion = options[index];
    if (!completion) return;
    const raw = el.q.value;
    const word = lastWord(raw);
    const cut = raw.length - word.length;
    el.q.value = `${raw.slice(0, cut)}${completion.word} `;
    commitInput();
  }

  el.q.addEventListener("keydown", (event) => {
    const open = !el.suggestions.hidden && options.length > 0;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      highlight(active + 1 >= options.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "ArrowDown" && !open && lastWord(el.q.value)) {
      event.preventDefault();
      loadSuggestions();
    } else if (event.key === "Escape") {
      event.preventDefault(); // a search box clears its text on Escape: never lose a search so
      closeSuggestions();
    } else if (event.key === "Tab" && open) {
      closeSuggestions();
    }
  });

  el.q.addEventListener("blur", () => closeSuggestions());

  // -- hooks for the research tools (timeline.js, kwic.js, related.js, export.js) -------------
  // They draw into the results and the reader after app.js has, and change the page only
  // through navigate(), so the URL keeps the whole state.

  const announced = {}; // the latest detail of each event, for a tool that loads after it
  function announce(name, detail) {
    announced[name] = detail;
    document.dispatchEvent(new CustomEvent(`zoeklicht:${name}`, { detail }));
  }

  window.zoeklicht = {
    current: () => current,
    announced: (name) => announced[name],
    searchPart,
    urlFromState,
    navigate,
    followLink,
    formatDate,
    plural,
    make,
    MONTHS,
    /** The search's query and filters as API parameters (no paging, no sort). */
    apiParams(state) {
      const p = new URLSearchParams();
      p.set("q", state.q);
      for (const s of state.sources) p.append("source", s);
      if (state.from) p.set("from", state.from);
      if (state.to) p.set("to", state.to);
      if (state.prefix) p.set("prefix", "1");
      return p;
    },
  };

  // -- start ---------------------------------------------------------------------------------

  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  history.replaceState({ typing: false, fromResults: false }, "", urlFromState(current));
  // Date range and sort fold away on narrow screens, and are always open on wide ones.
  const wide = window.matchMedia("(min-width: 48rem)");
  const unfold = () => {
    if (wide.matches) el.moreFilters.open = true;
  };
  wide.addEventListener("change", unfold);
  unfold();
  render(current);
})();
