// Zoeklicht: "Exporteer (CSV)", a plain download link to /api/export for the search on screen.
"use strict";

(() => {
  const z = window.zoeklicht;
  if (!z) return;
  const tools = document.getElementById("results-tools");
  const hits = document.getElementById("hits");
  const link = z.make("a", "export-link", "Exporteer (CSV)");
  link.id = "export-link";
  link.hidden = true;
  if (tools) tools.append(link);
  else hits.parentNode.insertBefore(link, hits);

  function update(detail) {
    const params = z.apiParams(detail.state);
    if (detail.state.sort !== "relevance") params.set("sort", detail.state.sort);
    params.set("format", "csv");
    link.href = `/api/export?${params}`;
    link.setAttribute("download", "");
    const result = detail.data.result || detail.data;
    const n = result.total_articles ?? 0;
    link.hidden = n === 0;
    link.title = `Alle ${z.plural(n, "artikel", "artikelen")} als CSV (UTF-8), te openen in een spreadsheet`;
  }

  document.addEventListener("zoeklicht:results", (event) => update(event.detail));
  if (z.announced("results")) update(z.announced("results"));
})();
