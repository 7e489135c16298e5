// Zoeklicht: the search page. Plain JavaScript, no build step, no dependencies.
//
// The whole page state lives in the URL (see stateFromURL / urlFromState), so back, forward,
// reload and shared links all go through render(state).
//
// Safe rendering: the API declares two fields as HTML, a hit's `snippet` and an article
// paragraph's `text` when the article was asked for with a query. Only those go through
// markedFragment(), which keeps <mark> and turns anything else into visible text. Everything
// else is set with textContent.
"use strict";

(() => {
  const DEBOUNCE_MS = 150;
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
    facetSource: $("facet-source"),
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

  /** The query whose words the reader marks. The article API knows no `prefix`, so a search
   *  typed as-you-type adds its last word as `word*`: marked are the word's forms and its
   *  completions. Only for a plain last word outside quotes ("-Zuid" must stay unmarked). */
  function readerQuery(state) {
    const last = state.q.split(/\s+/).pop();
    const quotes = (state.q.match(/"/g) || []).length;
    if (!state.prefix || quotes % 2 || !/^[\p{L}\p{N}]+$/u.test(last)) return state.q;
    return `${state.q} ${last}*`;
  }

  function hasSearch(state) {
    return state.q !== "" || state.sources.length > 0 || state.from !== "" || state.to !== "";
  }

  let current = stateFromURL(location.search);

  // -- talking to the API --------------------------------------------------------------------

  class ApiError extends Error {}

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
    if (!response.ok) {
      const detail = body && (body.detail || body.title);
      const what = response.status >= 500 ? "De zoekdienst heeft een storing" : "De zoekdienst kon dit verzoek niet verwerken";
      throw new ApiError(detail ? `${what}: ${detail}` : `${what} (${response.status}).`);
    }
    if (body === null) throw new ApiError("De zoekdienst gaf een onleesbaar antwoord.");
    return body;
  }

  function showError(message) {
    el.error.textContent = message;
    el.error.hidden = false;
  }

  function clearError() {
    el.error.hidden = true;
    el.error.textContent = "";
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
    try {
      const data = await getJSON(key, controller.signal);
      if (seq !== searchSeq) return; // a newer search has started: never show a stale answer
      renderResults(state, normaliseResult(data));
      announce("results", { state, data }); // research tools: timeline, KWIC, export
      renderedKey = key;
      clearError();
      afterRender?.();
    } catch (err) {
      if (err.name === "AbortError" || seq !== searchSeq) return;
      renderedKey = "";
      showError(err.message);
      if (!el.hits.children.length) el.summary.textContent = "Geen resultaten: de zoekdienst gaf een fout.";
    } finally {
      if (seq === searchSeq) {
        searchController = null;
        afterRender = null;
        setLoading(false);
      }
    }
  }

  function setLoading(on) {
    document.body.classList.toggle("is-loading", on);
    el.results.setAttribute("aria-busy", on ? "true" : "false");
  }

  /** The API's search answer, whether bare or wrapped in an envelope. */
  function normaliseResult(data) {
    const result = data.result || data;
    return {
      total_articles: result.total_articles ?? 0,
      total_paragraphs: result.total_paragraphs ?? 0,
      page: result.page ?? 1,
      per_page: result.per_page ?? PER_PAGE,
      hits: result.hits || [],
      facets: result.facets || {},
      pages: result.pages ?? null,
      did_you_mean: result.did_you_mean || null,
      partial: Boolean(result.partial),
    };
  }

  function renderResults(state, data) {
    const articles = data.total_articles;
    if (articles === 0) {
      el.summary.textContent = state.q ? `Niets gevonden voor ‘${state.q}’.` : "Geen artikelen met deze filters.";
    } else {
      const first = (data.page - 1) * data.per_page + 1;
      const last = first + data.hits.length - 1;
      const range = articles > data.per_page ? ` Resultaat ${first}–${last}.` : "";
      el.summary.textContent =
        `${plural(articles, "artikel", "artikelen")} gevonden, ` +
        `${plural(data.total_paragraphs, "alinea komt", "alinea's komen")} overeen.${range}`;
    }

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

  function renderHit(state, hit, i) {
    const li = make("li", "hit");
    const article = make("article");
    const titleId = `hit-title-${i}`;
    article.setAttribute("aria-labelledby", titleId);
    const h3 = make("h3", "hit-title");
    h3.id = titleId;
    const link = make("a", "", hit.title || "(zonder titel)");
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
    const matches = make(
      "p",
      "matches",
      n === 1 ? "1 alinea in dit artikel komt overeen" : `${n.toLocaleString("nl-NL")} alinea's in dit artikel komen overeen`,
    );
    article.append(h3, meta, snippet, matches);
    li.append(article);
    return li;
  }

  function facetButton(label, count, pressed, onClick, unit) {
    const li = make("li");
    const button = make("button", "facet-button");
    button.type = "button";
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.append(make("span", "facet-value", label), make("span", "facet-count", count.toLocaleString("nl-NL")));
    button.setAttribute("aria-label", `${label}: ${plural(count, unit[0], unit[1])}`);
    button.addEventListener("click", onClick);
    li.append(button);
    return li;
  }

  function renderFacets(state, facets) {
    const sources = [...(facets.source || [])];
    for (const chosen of state.sources) {
      if (!sources.some((f) => f.value.toLowerCase() === chosen.toLowerCase())) sources.push({ value: chosen, count: 0 });
    }
    const articleUnit = ["artikel", "artikelen"];
    el.facetSource.replaceChildren(
      ...sources.map((f) => {
        const pressed = state.sources.some((s) => s.toLowerCase() === f.value.toLowerCase());
        return facetButton(f.value, f.count, pressed, () => toggleSource(f.value), articleUnit);
      }),
    );
    if (!sources.length) el.facetSource.append(make("li", "facet-empty", "Geen bronnen"));

    const years = [...(facets.year || [])];
    const yearChosen = state.from && state.from === state.to && /^\d{4}$/.test(state.from) ? state.from : "";
    if (yearChosen && !years.some((f) => f.value === yearChosen)) years.push({ value: yearChosen, count: 0 });
    years.sort((a, b) => b.value.localeCompare(a.value));
    el.facetYear.replaceChildren(
      ...years.map((f) => facetButton(f.value, f.count, f.value === yearChosen, () => toggleYear(f.value), articleUnit)),
    );
    if (!years.length) el.facetYear.append(make("li", "facet-empty", "Geen gedateerde artikelen"));
  }

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
    el.rangeError.hidden = true;
    navigate({ ...searchPart(current), from, to, page: 1 });
  });

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
      const data = await getJSON("/api/stats");
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
    el.readerMeta.replaceChildren();
    el.readerMatchInfo.hidden = true;
    el.readerBody.replaceChildren();
    const slow = setTimeout(() => {
      el.readerTitle.textContent = "Artikel laden…"; // only when it takes a while: no flash
    }, 300);
    const p = new URLSearchParams();
    if (state.q) p.set("q", readerQuery(state));
    try {
      const data = await getJSON(`/api/articles/${encodeURIComponent(state.article)}?${p}`, controller.signal);
      if (readerController !== controller) return;
      renderArticle(state, data);
      announce("article", { state, article: data }); // research tools: related articles
      clearError();
    } catch (err) {
      if (err.name === "AbortError" || readerController !== controller) return;
      el.readerTitle.textContent = "Dit artikel kon niet worden geladen.";
      showError(err.message);
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
    el.readerTitle.textContent = article.title || "(zonder titel)";
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

    el.readerMatchInfo.hidden = !paragraphs.some((para) => para.matches);
    el.readerMatchInfo.textContent = `De woorden van ‘${state.q}’ zijn gemarkeerd.`;

    target ??= firstMatch;
    if (target) {
      target.classList.add("target");
      target.tabIndex = -1;
      target.setAttribute("aria-label", "Gevonden alinea");
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    } else {
      window.scrollTo(0, 0);
      el.readerTitle.focus({ preventScroll: true });
    }
  }

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
    }, DEBOUNCE_MS);
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

  function lastWord(text) {
    if (!text || /\s$/.test(text)) return "";
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
    } else if (event.key === "Escape" && open) {
      event.preventDefault(); // without this a search box also clears its text
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
