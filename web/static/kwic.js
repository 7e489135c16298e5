// Zoeklicht: words in context (KWIC). A switch "Resultaten | In context" above the results shows
// every occurrence of the query's words in the matching paragraphs, one line each, aligned on the
// match, with the article it comes from; sortable by date or by the word after or before.
//
// The API escapes the contexts like snippets (text, no tags); they are decoded through an inert
// <template> and set as text, so nothing in them can become markup.
"use strict";

(() => {
  const z = window.zoeklicht;
  if (!z) return;
  const PER_PAGE = 50;
  const SORTS = [
    ["newest", "Nieuwste eerst"],
    ["oldest", "Oudste eerst"],
    ["after", "Op het woord erna"],
    ["before", "Op het woord ervoor"],
  ];
  const make = z.make;
  const hits = document.getElementById("hits");
  const pager = document.getElementById("pager");

  // -- the switch -------------------------------------------------------------------------------
  const tools = make("div", "results-tools");
  tools.id = "results-tools";
  const views = make("div", "view-switch");
  views.setAttribute("role", "group");
  views.setAttribute("aria-label", "Weergave");
  const listButton = make("button", "view-button", "Resultaten");
  const kwicButton = make("button", "view-button", "In context");
  listButton.type = kwicButton.type = "button";
  listButton.id = "view-results";
  kwicButton.id = "view-kwic";
  views.append(listButton, kwicButton);
  tools.append(views);

  // -- the KWIC view ----------------------------------------------------------------------------
  const section = make("section", "kwic");
  section.id = "kwic";
  section.hidden = true;
  section.setAttribute("aria-label", "Woorden in context");
  const controls = make("div", "kwic-controls");
  const sortLabel = make("label", "", "Volgorde van de regels ");
  const sort = make("select");
  sort.id = "kwic-sort";
  for (const [value, text] of SORTS) {
    const option = make("option", "", text);
    option.value = value;
    sort.append(option);
  }
  sortLabel.append(sort);
  const status = make("p", "kwic-status");
  status.setAttribute("aria-live", "polite"); // not role=status: the result summary is the page's status
  controls.append(sortLabel, status);
  const table = make("table", "kwic-table");
  const head = make("thead", "visually-hidden");
  const headRow = make("tr");
  for (const [text, column] of [["Ervoor", "left"], ["Woord", "match"], ["Erna", "right"], ["Artikel", "where"]]) {
    headRow.append(make("th", `kwic-${column}`, text));
  }
  head.append(headRow);
  const body = make("tbody");
  table.append(head, body);
  const more = make("button", "kwic-more", "Meer regels");
  more.type = "button";
  more.hidden = true;
  section.append(controls, table, more);

  hits.parentNode.insertBefore(tools, hits);
  hits.parentNode.insertBefore(section, pager);

  let on = sessionStorage.getItem("zoeklicht.view") === "kwic";
  let state = null; // the search the lines belong to
  let page = 1;
  let controller = null;

  const decode = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html; // inert: no script runs, no image loads
    return template.content.textContent;
  };

  function setView(kwic) {
    on = kwic;
    sessionStorage.setItem("zoeklicht.view", kwic ? "kwic" : "results");
    listButton.setAttribute("aria-pressed", String(!kwic));
    kwicButton.setAttribute("aria-pressed", String(kwic));
    document.body.classList.toggle("view-kwic", kwic);
    hits.hidden = kwic;
    section.hidden = !kwic;
    if (kwic) {
      pager.hidden = true;
      load(1);
    } else {
      controller?.abort();
      const announced = z.announced("results");
      if (announced) pager.hidden = (announced.data.pages ?? 0) <= 1;
    }
  }

  /** One occurrence: a row of contexts and match (and, on wide screens, its article), and a
   *  row with its article under it that only narrow screens show. */
  function rows(line) {
    const tr = make("tr", "kwic-line");
    const left = make("td", "kwic-left");
    left.append(make("span", "", decode(line.left)));
    const match = make("td", "kwic-match");
    match.append(make("mark", "", decode(line.match)));
    const right = make("td", "kwic-right", decode(line.right));
    const target = { ...z.searchPart(state), article: line.article_id, para: line.paragraph };
    const meta = [line.source, z.formatDate(line.date, line.date_precision)].filter(Boolean).join(" · ");
    const article = (className) => {
      const cell = make("td", className);
      const link = make("a", "", line.title || "(zonder titel)");
      link.href = z.urlFromState(target);
      link.addEventListener("click", (event) => z.followLink(event, target, { fromResults: true }));
      cell.append(link, make("span", "meta", meta ? ` ${meta}` : ""));
      return cell;
    };
    tr.append(left, match, right, article("kwic-where"));
    const under = make("tr", "kwic-source");
    const cell = article("kwic-source-cell");
    cell.colSpan = 3;
    under.append(cell);
    return [tr, under];
  }

  async function load(n) {
    state = z.current();
    page = n;
    controller?.abort();
    if (n === 1) body.replaceChildren();
    more.hidden = true;
    if (!state.q) {
      status.textContent = "Typ een woord om het in zijn context te zien.";
      return;
    }
    const params = z.apiParams(state);
    params.set("sort", sort.value);
    params.set("page", String(n));
    params.set("per_page", String(PER_PAGE));
    controller = new AbortController();
    const mine = controller;
    status.textContent = "Regels laden…";
    try {
      const response = await fetch(`/api/kwic?${params}`, { signal: mine.signal, headers: { Accept: "application/json" } });
      const data = await response.json();
      if (mine !== controller) return;
      if (!response.ok) {
        status.textContent = data.detail || "De regels konden niet worden geladen.";
        return;
      }
      body.append(...data.lines.flatMap(rows));
      const shown = body.querySelectorAll(".kwic-line").length;
      let text = `${z.plural(shown, "regel", "regels")} uit ${z.plural(data.total_paragraphs, "alinea", "alinea's")}.`;
      if (!data.complete && (data.sort === "after" || data.sort === "before")) {
        text += ` Gesorteerd binnen de eerste ${z.plural(data.scanned_paragraphs, "alinea", "alinea's")} (op datum).`;
      }
      status.textContent = shown ? text : "Geen regels gevonden.";
      more.hidden = !data.more;
    } catch (err) {
      if (err.name !== "AbortError" && mine === controller) status.textContent = "De regels konden niet worden geladen.";
    }
  }

  listButton.addEventListener("click", () => setView(false));
  kwicButton.addEventListener("click", () => setView(true));
  sort.addEventListener("change", () => load(1));
  more.addEventListener("click", () => load(page + 1));

  document.addEventListener("zoeklicht:results", () => {
    if (on) {
      pager.hidden = true;
      load(1);
    }
  });
  setView(on);
})();
