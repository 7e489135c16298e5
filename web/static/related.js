// Zoeklicht: "Meer zoals dit" under the article in the reader: up to five related articles.
"use strict";

(() => {
  const z = window.zoeklicht;
  if (!z) return;
  const make = z.make;
  const readerBody = document.getElementById("reader-body");
  const section = make("section", "related");
  section.id = "related";
  section.hidden = true;
  section.setAttribute("aria-labelledby", "related-heading");
  const heading = make("h3", "related-heading", "Meer zoals dit");
  heading.id = "related-heading";
  const list = make("ul", "related-list");
  section.append(heading, list);
  readerBody.after(section);

  let controller = null;

  async function show(detail) {
    const { state, article } = detail;
    controller?.abort();
    section.hidden = true;
    list.replaceChildren();
    controller = new AbortController();
    const mine = controller;
    try {
      const response = await fetch(`/api/articles/${encodeURIComponent(article.id)}/related`, {
        signal: mine.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok || mine !== controller) return;
      const data = await response.json();
      if (mine !== controller || z.current().article !== article.id) return;
      for (const other of data.articles) {
        const li = make("li", "related-item");
        const target = { ...z.searchPart(state), article: other.id, para: null };
        const link = make("a", "", other.title || "(zonder titel)");
        link.href = z.urlFromState(target);
        link.addEventListener("click", (event) => z.followLink(event, target));
        const meta = [other.source, z.formatDate(other.date, other.date_precision)].filter(Boolean).join(" · ");
        li.append(link, make("span", "meta", meta));
        list.append(li);
      }
      section.hidden = data.articles.length === 0;
    } catch (err) {
      if (err.name !== "AbortError") section.hidden = true; // the article itself is what matters
    }
  }

  document.addEventListener("zoeklicht:article", (event) => show(event.detail));
  if (z.announced("article")) show(z.announced("article"));
})();
