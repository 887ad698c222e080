// Search page: runs Pagefind in the browser over the article pages indexed at build time. The
// index comes in shards, each a Pagefind index over one run of dates (src/search-shards.ts),
// listed newest first in shards.json: every shard is searched, and the results are merged by
// relevance, or for "newest first" taken shard after shard.
// The form works without this script (it reloads the page with ?q=…); the script reads the same
// parameters, fills the topic/source/year filters and the sort, and shows results as you type.
const form = document.getElementById("search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const FILTERS = ["topic", "source", "year"];
const SHOWN = 30;

function option(value, count) {
  const el = document.createElement("option");
  el.value = value;
  el.textContent = `${value} (${count})`;
  return el;
}

/**
 * The shards, loaded when first searched:
 * - `merged`: one Pagefind module, every other shard merged into its index (`mergeIndex`): one
 *   worker and one WebAssembly module for all, results by relevance, filter counts added up. At
 *   50,000 seeds (8 shards) the first results of a broad query came in about 2 s instead of 3.5 s
 *   with a module for each shard;
 * - `each`: each shard's own module, for "newest first". Pagefind orders a merged search by score
 *   whatever the sort, and under a sort a score is a place in its own shard's order, so the
 *   shards' results are taken one shard after another (newest first). Imported under `?sorted`,
 *   apart from the merged module (the first shard's would be the same module). One shard needs
 *   no second copy: its merged search is its own.
 */
function shardsOf(folders, baseUrl) {
  let merged;
  let each;
  const load = (folder, query = "") => import(new URL(`pagefind.js${query}`, folder).href);
  return {
    merged() {
      merged ??= load(folders[0]).then(async (pagefind) => {
        await pagefind.options({ baseUrl });
        await Promise.all(folders.slice(1).map((folder) => pagefind.mergeIndex(folder, { baseUrl })));
        return pagefind;
      });
      return merged;
    },
    async each() {
      if (folders.length === 1) return [await this.merged()];
      each ??= Promise.all(folders.map((folder) => load(folder, "?sorted").then(async (pagefind) => (await pagefind.options({ baseUrl }), pagefind))));
      return each;
    },
  };
}

async function fillFilters(shards) {
  const available = await (await shards.merged()).filters();
  for (const name of FILTERS) {
    const select = form.elements[name];
    const values = Object.entries(available[name] ?? {}).sort((a, b) => (name === "year" ? b[0].localeCompare(a[0]) : a[0].localeCompare(b[0])));
    for (const [value, count] of values) select.append(option(value, count));
  }
}

/** Copies the excerpt's text and <mark> highlights only: nothing else of it becomes markup. */
function excerptNode(html) {
  const p = document.createElement("p");
  p.className = "search-result__excerpt";
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  for (const node of doc.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

function resultItem(data) {
  const li = document.createElement("li");
  li.className = "search-result";
  const h = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title ?? data.url;
  h.append(a);
  const meta = document.createElement("p");
  meta.className = "search-result__meta";
  meta.textContent = [data.meta.source, data.meta.date].filter(Boolean).join(" · ");
  li.append(h, meta, excerptNode(data.excerpt ?? ""));
  return li;
}

function readForm() {
  const params = new URLSearchParams(new FormData(form));
  for (const [key, value] of [...params]) if (value === "") params.delete(key);
  return params;
}

/** Every shard's results: by relevance, or by date (each shard's, newest shard first). */
async function searchAll(shards, query, options) {
  if (!options.sort) return (await (await shards.merged()).search(query, options)).results;
  return (await Promise.all((await shards.each()).map((shard) => shard.search(query, options)))).flatMap((search) => search.results);
}

let latest = 0;
/** Searches for what `params` ask (by default the form's), and shows the results. */
async function run(shards, params = readForm()) {
  history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
  const query = params.get("q")?.trim() || null;
  const filters = Object.fromEntries(FILTERS.filter((f) => params.get(f)).map((f) => [f, params.get(f)]));
  if (!query && Object.keys(filters).length === 0) {
    list.replaceChildren();
    status.textContent = "Type a word to search titles, excerpts, sources and topics.";
    return;
  }
  const ticket = ++latest;
  const found = await searchAll(shards, query, { filters, ...(params.get("sort") === "date" ? { sort: { date: "desc" } } : {}) });
  const results = await Promise.all(found.slice(0, SHOWN).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...results.map(resultItem));
  const n = found.length;
  status.textContent = n === 0 ? "No articles found." : `${n} article${n === 1 ? "" : "s"} found${n > SHOWN ? `, showing the first ${SHOWN}` : ""}.`;
}

async function start() {
  const bundle = new URL(form.dataset.bundle, location.href);
  const listed = await fetch(new URL("shards.json", bundle));
  if (!listed.ok) throw new Error(`no list of the index's shards (HTTP ${listed.status})`);
  const folders = (await listed.json()).map((folder) => new URL(folder, bundle).href);
  if (folders.length === 0) {
    status.textContent = "There are no articles to search yet.";
    return;
  }
  const shards = shardsOf(folders, form.dataset.base);
  // The address's search runs while the filters' values load (each shard's filter files): the
  // form can only show a topic, source or year once its select has that value.
  const asked = new URLSearchParams(location.search);
  for (const [key, value] of [...asked]) if (value.trim() === "" || !form.elements[key]) asked.delete(key);
  status.setAttribute("aria-live", "polite");
  const first = run(shards, asked);
  await fillFilters(shards);
  for (const [key, value] of asked) form.elements[key].value = value;
  form.querySelector("fieldset").hidden = false;
  // A value no select has (a topic gone since the link was made) is dropped, as the form shows.
  const shown = [...asked].every(([key, value]) => form.elements[key].value === value);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(shards);
  });
  form.addEventListener("input", () => run(shards));
  await (shown ? first : run(shards));
}

start().catch((error) => {
  status.textContent = "Search could not start. Browse the topics or sources instead.";
  console.warn("search:", error);
});
