// armstrace dashboard: a small single-page app over the REST API. All data is inserted as text nodes
// (never as HTML), so an article that contains markup shows it as text.
"use strict";

const api = async (path, params = {}) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""));
  const res = await fetch(`/api/${path}${q.toString() ? "?" + q : ""}`);
  if (!res.ok) throw new Error(`${res.status}: ${(await res.json().catch(() => ({}))).detail || res.statusText}`);
  return res.json();
};

// writes (reviews) need the server's token: kept for this browser session only
const token = () => sessionStorage.getItem("armstrace-token") || "";
const reviewer = () => localStorage.getItem("armstrace-reviewer") || "";
async function post(path, body) {
  const res = await fetch(`/api/${path}`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token()}` },
                                            body: JSON.stringify({ ...body, reviewer: reviewer() || undefined }) });
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify((await res.json().catch(() => ({}))).detail || res.statusText)}`);
  return res.json();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "on") for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

const view = () => document.getElementById("view");
// what arrives after the analyst has moved on fills nothing (the element may be gone): every match, else none
const fill = (id, ...nodes) => document.querySelectorAll(`[id="${id}"]`).forEach((n, i) => n.replaceChildren(...(i ? nodes.map((x) => x.cloneNode(true)) : nodes)));
const fmt = (v) => (v === null || v === undefined ? "" : typeof v === "number" && v > 9999 ? v.toLocaleString("en") : String(v));
const period = (p) => (p && (p.start || p.end) ? (p.start === p.end || !p.end ? p.start : `${p.start}–${p.end}`) : "");

// ---- tables with CSV download --------------------------------------------------------------------
// the kinds of facts, their columns and filters come from the server (/api/kinds), declared once in the model
let KINDS = [];
const TABLES = {};
async function loadKinds() {
  KINDS = await api("kinds");
  for (const k of KINDS) {
    TABLES[k.name] = { label: k.label, cols: k.columns, names: k.names,
      filters: k.filters.filter((f) => f.name !== "country").map((f) => [f.name, f.values ? ["", ...f.values] : "text"]) };
  }
}

// human column headers; a column not listed here shows its own name
const HEADERS = { supplier: "Supplier", recipient: "Recipient", weapon: "System", variant: "Variant", category: "Category",
  quantity: "Quantity", value_amount: "Value", value_currency: "Unit", period_start: "From", period_end: "To",
  status: "Status", financing: "Financing", source: "Source", outlet: "Outlet", subject: "Subject", metric: "Metric",
  counterpart: "Counterpart", value: "Value", unit: "Unit", source_cited: "Cited source", type: "Type",
  date_start: "From", date_end: "To", actors: "Actors", location: "Location", fatalities: "Fatalities",
  summary: "Summary", speaker: "Speaker", role: "Role", direct: "Direct", text: "Text", date: "Date",
  claim: "Claim", asserted_by: "Asserted by", disputed_by: "Disputed by" };
const header = (c) => HEADERS[c] || c;
const PAGE = 50;

// a SIPRI deal is not an article: it opens its register entry
const factHref = (kind, r) => (r.source === "SIPRI" ? `#/fact/${kind}/${r.id}` : `#/doc/${r.document_id}/${kind}-${r.id}`);
const sourceBadge = (source) => el("span", { class: `badge source-${source === "SIPRI" ? "sipri" : "news"}` },
  source === "SIPRI" ? "SIPRI register" : "news");

function renderTable(kind, rows) {
  const { cols } = TABLES[kind];
  const sortable = new Set(KINDS.find((k) => k.name === kind).sortable);
  const body = el("tbody", {}, rows.map((r) => el("tr", {
    dataset: { doc: r.document_id, fact: `${kind}-${r.id}` },
    title: r.evidence || "",
    on: { click: () => { location.hash = factHref(kind, r); } },
  }, cols.map((c) => el("td", {}, c === "source" ? sourceBadge(r[c]) : Array.isArray(r[c]) ? r[c].join(", ") : fmt(r[c]))))));
  const th = (c) => {
    if (!sortable.has(c)) return el("th", { dataset: { col: c } }, header(c));
    const on = state.sort === c;
    const next = on && state.order === "asc" ? "desc" : "asc";
    return el("th", { dataset: { col: c }, class: "sortable", title: `sort by ${header(c)}`,
      on: { click: () => navigate({ sort: c, order: next, offset: 0 }) } }, header(c), on ? (state.order === "asc" ? " ▲" : " ▼") : "");
  };
  return el("table", { id: `table-${kind}` }, el("thead", {}, el("tr", {}, cols.map(th))), body);
}

// ---- overview: network + tables; its whole state is in the URL (#/?kind=…&supplier=…), so a link reproduces it
const state = { kind: "transfers", filters: {}, rows: [], offset: 0, sort: "", order: "asc", source: "news" };

function readState(params) {
  state.kind = TABLES[params.get("kind")] ? params.get("kind") : "transfers";
  state.offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  state.sort = params.get("sort") || "";
  state.order = params.get("order") === "desc" ? "desc" : "asc";
  state.source = ["news", "SIPRI", "both"].includes(params.get("network")) ? params.get("network") : "news";
  state.top = Math.max(1, parseInt(params.get("top") || "40", 10) || 40);
  state.min = Math.max(1, parseInt(params.get("min") || "1", 10) || 1);
  state.years = [params.get("nfrom") || "", params.get("nto") || ""];
  const allowed = new Set([...KINDS.find((k) => k.name === state.kind).filters.map((f) => f.name), "from", "to"]);
  state.filters = Object.fromEntries([...params.entries()].filter(([k, v]) => allowed.has(k) && v));
}

function stateHash(change = {}) {
  const next = { kind: state.kind, ...state.filters, offset: state.offset || "", sort: state.sort, order: state.sort ? state.order : "",
                 network: state.source === "news" ? "" : state.source, top: state.top === 40 ? "" : state.top,
                 min: state.min === 1 ? "" : state.min, nfrom: state.years[0], nto: state.years[1], ...change };
  const q = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== "" && v !== undefined && v !== null && v !== 0));
  return `#/?${q}`;
}
const navigate = (change) => { location.hash = stateHash(change); };

async function overview(params) {
  const previous = JSON.stringify([state.source, state.top, state.min, state.years]);
  readState(params);
  if (document.getElementById("table-wrap") && previous === JSON.stringify([state.source, state.top, state.min, state.years]) && window.cy) {
    buildFilters();  // same page, new filters: only the table reloads
    return loadTable();
  }
  const v = view();
  v.replaceChildren(el("div", { class: "grid" },
    el("section", { class: "card" }, el("h2", {}, "Who arms whom"),
      el("div", { class: "filters" },
        el("label", { for: "network-source" }, "Source "),
        el("select", { id: "network-source", "aria-label": "network source", on: { change: (e) => navigate({ network: e.target.value }) } },
          [["news", "news reports"], ["SIPRI", "SIPRI register"], ["both", "both"]].map(([val, label]) =>
            el("option", { value: val, selected: val === state.source }, label))),
        el("label", { for: "network-top" }, " top "),
        el("select", { id: "network-top", "aria-label": "top dyads", on: { change: (e) => navigate({ top: e.target.value }) } },
          [20, 40, 100, 250].map((n) => el("option", { value: n, selected: n === state.top }, `${n} dyads`))),
        el("input", { id: "network-min", type: "number", min: 1, size: 4, value: state.min, title: "minimum weight of an edge",
                      "aria-label": "minimum weight", on: { change: (e) => navigate({ min: e.target.value }) } }),
        el("input", { id: "network-from", placeholder: "from", size: 5, value: state.years[0], "aria-label": "network from year",
                      on: { change: (e) => navigate({ nfrom: e.target.value }) } }),
        el("input", { id: "network-to", placeholder: "to", size: 5, value: state.years[1], "aria-label": "network to year",
                      on: { change: (e) => navigate({ nto: e.target.value }) } })),
      el("p", { class: "muted", id: "network-legend" }),
      el("div", { id: "network" })),
    el("section", { class: "card" },
      el("div", { class: "tabs" }, Object.keys(TABLES).map((k) => el("button", {
        id: `tab-${k}`, class: k === state.kind ? "active" : "", on: { click: () => { location.hash = `#/?kind=${k}`; } },
      }, TABLES[k].label))),
      el("form", { id: "filters", class: "filters", on: { submit: (e) => { e.preventDefault(); applyFilters(); } } }),
      el("div", { id: "facets", class: "facets" }),
      el("datalist", { id: "entity-names" }),
      el("div", { id: "table-wrap" }))));
  buildFilters();
  await Promise.all([network(), loadTable()]);
}

function buildFilters() {
  const form = document.getElementById("filters");
  const names = new Set(KINDS.find((k) => k.name === state.kind).names);
  form.replaceChildren(...[
    ...TABLES[state.kind].filters.map(([name, type]) => Array.isArray(type)
      ? el("select", { name, "aria-label": name }, type.map((o) => el("option", { value: o, selected: state.filters[name] === o }, o || `any ${header(name).toLowerCase()}`)))
      : el("input", { name, placeholder: header(name), "aria-label": name, value: state.filters[name] || "",
                      list: names.has(name) || name === "actor" ? "entity-names" : null, autocomplete: "off",
                      on: { input: (e) => suggest(e.target.value) } })),
    KINDS.find((k) => k.name === state.kind).dated ? [
      el("input", { name: "from", placeholder: "from (YYYY)", "aria-label": "from", size: 10, value: state.filters.from || "" }),
      el("input", { name: "to", placeholder: "to (YYYY)", "aria-label": "to", size: 10, value: state.filters.to || "" })] : [],
    state.filters.country ? el("span", { class: "badge", id: "country-filter" }, `country: ${state.filters.country}`) : null,
    el("button", { type: "submit", id: "apply" }, "Filter"),
    el("button", { type: "button", class: "ghost", id: "clear", on: { click: () => { location.hash = `#/?kind=${state.kind}`; } } }, "Clear"),
    el("a", { class: "button ghost", id: "csv", href: `/api/facts/${state.kind}.csv?${apiParams(false)}`, download: `${state.kind}.csv`,
              title: "every row that matches the filters, with unit, source, document, URL and evidence" }, "Export CSV"),
    el("a", { class: "button ghost", id: "permalink", href: stateHash() }, "Link to this view"),
  ].flat().filter(Boolean));
}

let suggestTimer = null;
function suggest(prefix) {  // names from the store's entities, as the analyst types
  clearTimeout(suggestTimer);
  if (!prefix || prefix.length < 2) return;
  suggestTimer = setTimeout(async () => {
    const page = await api("entities", { q: prefix, limit: 20 }).catch(() => ({ items: [] }));
    fill("entity-names", ...page.items.map((e) => el("option", { value: e.name })));
  }, 150);
}

function suggestWeapon(prefix) {  // systems from the catalogue, as the analyst types
  clearTimeout(suggestTimer);
  if (!prefix) return;
  suggestTimer = setTimeout(async () => {
    const hits = await api("catalogue", { q: prefix, limit: 20 }).catch(() => []);
    document.querySelectorAll("#weapon-names").forEach((d) => d.replaceChildren(...hits.map((h) =>
      el("option", { value: h.family }, `${h.family} (${h.category}${h.origin ? `, ${h.origin}` : ""})`))));
  }, 150);
}

function applyFilters() {
  const form = document.getElementById("filters");
  const filters = Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v));
  if (state.filters.country) filters.country = state.filters.country;
  state.filters = filters;
  navigate({ offset: 0 });
}

function apiParams(paged = true, ordered = true) {
  const { country, ...rest } = state.filters;
  const params = { ...rest };
  // a country chosen on the network filters transfers by either side and events by actor
  if (country && state.kind === "transfers") params.country = country;
  if (country && state.kind === "events" && !params.actor) params.actor = country;
  if (state.sort && ordered) Object.assign(params, { sort: state.sort, order: state.order });
  if (paged) Object.assign(params, { limit: PAGE, offset: state.offset });
  return new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v !== undefined));
}

async function loadFacets() {
  // what the rows that match are made of: a click narrows the table to one value
  const facets = await api(`facets/${state.kind}?${apiParams(false, false)}`).catch(() => ({}));
  fill("facets", ...Object.entries(facets).filter(([col, vals]) => vals.length > 1 && !state.filters[col])
    .map(([col, vals]) => el("div", { class: "facet", dataset: { col } }, el("span", { class: "muted" }, `${header(col)}: `),
      vals.map((v) => el("button", { type: "button", class: "chip", dataset: { value: v.value },
        on: { click: () => navigate({ [col]: v.value, offset: 0 }) } }, `${v.value} `, el("span", { class: "count" }, v.count.toLocaleString("en")))))));
}

async function loadTable() {
  const wrap = document.getElementById("table-wrap");
  loadFacets();
  try {
    const page = await api(`facts/${state.kind}?${apiParams()}`);
    state.rows = page.items;
    const first = page.total ? state.offset + 1 : 0;
    const last = state.offset + page.items.length;
    wrap.replaceChildren(
      el("div", { class: "pager" },
        el("span", { class: "muted", id: "row-count" }, `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${page.total.toLocaleString("en")}`),
        el("button", { type: "button", class: "ghost", id: "prev", disabled: state.offset === 0,
                       on: { click: () => navigate({ offset: Math.max(0, state.offset - PAGE) }) } }, "‹ Previous"),
        el("button", { type: "button", class: "ghost", id: "next", disabled: last >= page.total,
                       on: { click: () => navigate({ offset: state.offset + PAGE }) } }, "Next ›")),
      el("div", { class: "scroll" }, renderTable(state.kind, page.items)));
  } catch (err) {
    wrap.replaceChildren(el("p", { class: "error" }, err.message));
  }
}

async function network() {
  const all = await api("analytics/who-arms-whom", { source: state.source, from: state.years[0] || undefined, to: state.years[1] || undefined });
  // weight: transfers the news report, or SIPRI's deals, or both; the heaviest dyads above the minimum are drawn
  const weight = (r) => (state.source === "news" ? r.transfers : state.source === "SIPRI" ? r.sipri_deals : r.transfers + r.sipri_deals);
  const kept = all.rows.filter((r) => weight(r) >= state.min).sort((x, y) => weight(y) - weight(x));
  const table = { ...all, rows: kept.slice(0, state.top) };
  const volume = {};
  for (const r of table.rows) for (const n of [r.supplier, r.recipient]) volume[n] = (volume[n] || 0) + weight(r);
  const max = Math.max(1, ...Object.values(volume));
  const legend = document.getElementById("network-legend");
  if (!legend) return;  // the analyst has left the overview meanwhile
  legend.textContent = {
    news: "Node size: transfers reported in the news; edge width: transfers.",
    SIPRI: "SIPRI's register: node size and edge width by deals.",
    both: "News transfers and SIPRI deals together (edges: both counted).",
  }[state.source] + ` ${table.rows.length} of ${all.rows.length} dyads shown. Click a country or an arrow to filter the table.`;
  const elements = [
    ...Object.entries(volume).map(([id, n]) => ({ data: { id, label: id, size: 18 + 42 * Math.sqrt(n / max) } })),
    ...table.rows.map((r, i) => ({ data: { id: `e${i}`, source: r.supplier, target: r.recipient,
                                           width: 1 + 2 * Math.log1p(weight(r)), label: r.systems } })),
  ];
  if (!window.cytoscape) { document.getElementById("network").append("network library missing (run make install)"); return; }
  const cy = window.cytoscape({
    container: document.getElementById("network"), elements,
    layout: { name: "circle", padding: 30 },
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "#3b5b9a",
                                   color: "#1d2330", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#9aa8c7", "target-arrow-color": "#9aa8c7",
                                   "target-arrow-shape": "triangle", "curve-style": "bezier" } },
      { selector: ":selected", style: { "background-color": "#ff9f43", "line-color": "#ff9f43", "target-arrow-color": "#ff9f43" } },
    ],
  });
  window.cy = cy;
  // the table follows the network's source: its clicks never show rows the network left out
  const source = state.source === "both" ? "" : state.source;
  cy.on("tap", "node", (e) => { location.hash = stateHash({ kind: "transfers", offset: 0, sort: "", order: "", ...clearFilters(), country: e.target.id(), source }); });
  cy.on("tap", "edge", (e) => {
    location.hash = stateHash({ kind: "transfers", offset: 0, sort: "", order: "", ...clearFilters(), supplier: e.target.data("source"),
                                recipient: e.target.data("target"), source });
  });
}
const clearFilters = () => Object.fromEntries(Object.keys(state.filters).map((k) => [k, ""]));

// ---- one article with every fact highlighted -----------------------------------------------------
function factLabel(kind, f) {
  switch (kind) {
    case "transfers": return `${f.supplier} → ${f.recipient}: ${f.weapon || f.category}${f.variant ? ` (${f.variant})` : ""}, ${f.status}${f.financing ? `, ${f.financing}` : ""}${f.value ? `, ${fmt(f.value.amount)} ${f.value.currency}` : ""}`;
    case "statistics": return `${f.subject}: ${f.metric} ${fmt(f.value)} ${f.unit}${f.counterpart ? ` (${f.counterpart})` : ""} ${period(f.period)}`;
    case "events": return `${f.type} ${period(f.date)} — ${(f.actors || []).join(", ")}`;
    case "quotes": return `${f.speaker}${f.role ? `, ${f.role}` : ""}: “${f.text}”`;
    case "claims": return `${f.claim} — asserted by ${(f.asserted_by || []).join(", ")}, disputed by ${(f.disputed_by || []).join(", ")}`;
    default: return Object.entries(f).filter(([k, v]) => !k.startsWith("evidence") && v !== null && v !== "")
      .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ");  // a kind this page has no words for
  }
}

async function article(docId, focus) {
  const d = await api(`documents/${encodeURIComponent(docId)}`);
  const spans = [];
  const facts = [];
  for (const { name: kind, key: field } of KINDS) {
    (d[field] || []).forEach((f, i) => {
      const key = `${kind}-${i}`;
      facts.push({ key, kind, f });
      for (const [s, e] of f.evidence_spans || []) spans.push({ s, e, key });
    });
  }
  // text split at every span boundary; each piece knows which facts cover it
  const cuts = [...new Set([0, d.text.length, ...spans.flatMap((x) => [x.s, x.e])])].sort((a, b) => a - b);
  const text = el("div", { class: "text", id: "article-text" });
  for (let i = 0; i < cuts.length - 1; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const covering = spans.filter((x) => x.s <= a && b <= x.e).map((x) => x.key);
    const piece = d.text.slice(a, b);
    text.append(covering.length ? el("mark", { dataset: { facts: covering.join(" ") }, on: { click: () => select(covering) } }, piece) : piece);
  }
  // the stored rows of this article's facts (ids, reviews), matched to the facts by kind and evidence span
  const stored = {};
  await Promise.all(KINDS.map(async ({ name }) => {
    const page = await api(`facts/${name}`, { document: docId, limit: 500, review: "all" }).catch(() => ({ items: [] }));
    stored[name] = page.items;
  }));
  // a PDF's evidence says its page
  const pageOf = (f) => (d.doc.pages && (f.evidence_spans || [])[0] ? d.doc.pages.filter((s) => s <= f.evidence_spans[0][0]).length : null);
  const rowOf = (kind, f) => (stored[kind] || []).find((r) => r.evidence_span && (f.evidence_spans || [])[0] &&
    r.evidence_span[0] === f.evidence_spans[0][0] && r.evidence_span[1] === f.evidence_spans[0][1]);
  const list = el("div", { id: "facts" }, facts.map(({ key, kind, f }) => {
    const row = rowOf(kind, f);
    return el("div", { class: `fact${row && row.review ? ` reviewed-${row.review}` : ""}`, dataset: { key, id: row ? row.id : "", kind },
                       on: { click: () => select([key], true) } },
      el("div", { class: "kind" }, KINDS.find((k) => k.name === kind).singular, row && row.review ? el("span", { class: "badge verdict" }, row.review) : ""),
      factLabel(kind, f), pageOf(f) ? el("span", { class: "page muted" }, ` · p. ${pageOf(f)}`) : "", row ? reviewBar(kind, row, docId) : "");
  }));
  const rejected = Object.entries(stored).flatMap(([kind, rows]) => rows.filter((r) => r.review === "rejected").map((r) => ({ kind, r })));
  const meta = [d.doc.outlet, d.doc.author, d.doc.published && `${d.doc.published} (${d.doc.published_how})`, d.doc.url].filter(Boolean).join(" · ");
  const entities = el("p", { id: "entities" }, (d.entities || []).map((e) =>
    [el("a", { href: `#/entity/${encodeURIComponent(e.name)}`, title: e.type }, e.name), " "]));
  view().replaceChildren(el("h2", { id: "article-title" }, d.doc.title || d.doc.id), el("p", { class: "muted" }, meta),
    el("div", { class: "article" }, el("section", { class: "card" }, text),
      el("aside", {}, el("h3", {}, "Entities"), entities, el("h3", {}, `${facts.length} facts`), list,
        rejected.length ? [el("h3", {}, "Rejected"), el("div", { id: "rejected" }, rejected.map(({ kind, r }) =>
          el("div", { class: "fact reviewed-rejected", dataset: { id: r.id, kind } }, el("div", { class: "kind" }, KINDS.find((k) => k.name === kind).singular),
            r.evidence || "", el("button", { type: "button", class: "ghost restore", on: { click: () => act(kind, r.id, "confirm", docId) } }, "Restore"))))] : "",
        reviewTools(docId, d.text))));
  if (focus) {
    // the table's row is fact N of its kind in the store; find it in this article by its evidence
    const row = await api(`facts/${focus.split("-")[0]}`, { document: docId, limit: 500 }).catch(() => null);
    const wanted = row && row.items.find((r) => `${focus.split("-")[0]}-${r.id}` === focus);
    const hit = wanted && facts.find(({ kind, f }) => kind === focus.split("-")[0] &&
      (f.evidence_spans || []).some(([s, e]) => wanted.evidence_span && s === wanted.evidence_span[0] && e === wanted.evidence_span[1]));
    if (hit) select([hit.key], true);
  }
}

// ---- review: confirm, reject, edit a fact; add one from selected text ---------------------------------------
function credentials() {  // the token and the reviewer's name, asked once and kept
  return el("div", { class: "filters credentials" },
    el("input", { id: "review-token", type: "password", placeholder: "token", "aria-label": "token", value: token(), size: 10,
                  on: { change: (e) => sessionStorage.setItem("armstrace-token", e.target.value) } }),
    el("input", { id: "reviewer", placeholder: "your name", "aria-label": "reviewer", value: reviewer(), size: 10,
                  on: { change: (e) => localStorage.setItem("armstrace-reviewer", e.target.value) } }));
}

async function act(kind, id, action, docId, fields) {
  try {
    await post(`facts/${kind}/${id}/review`, { action, fields });
    if (docId) await article(docId); else route();
  } catch (err) { showError(err); }
}
const showError = (err) => { const box = document.getElementById("review-error"); if (box) box.textContent = err.message; };

function reviewBar(kind, row, docId) {
  const bar = el("div", { class: "review-bar", on: { click: (e) => e.stopPropagation() } },
    el("button", { type: "button", class: "ghost confirm", title: "confirm (the fact is right)", on: { click: () => act(kind, row.id, "confirm", docId) } }, "✓ Confirm"),
    el("button", { type: "button", class: "ghost reject", title: "reject (the text does not say it)", on: { click: () => act(kind, row.id, "reject", docId) } }, "✗ Reject"),
    el("button", { type: "button", class: "ghost edit", on: { click: () => bar.append(factForm(kind, row, (fields) => act(kind, row.id, "edit", docId, fields))) } }, "Edit"));
  return bar;
}

// a form for a kind's fields, filled with a fact's values; `done` gets only what changed
function factForm(kind, row, done) {
  const spec = KINDS.find((k) => k.name === kind);
  const value = (f) => (row ? (f.type === "period" ? [row[`${f.name}_start`] || "", row[`${f.name}_end`] || ""]
    : f.type === "money" ? [row[`${f.name}_amount`] ?? "", row[`${f.name}_currency`] || ""] : row[f.name]) : null);
  const inputs = spec.fields.map((f) => {
    const v = value(f);
    // names come with suggestions from the store's entities, systems from the weapon catalogue
    const list = spec.names.includes(f.name) || f.name === "actors" ? "entity-names" : f.name === "weapon" ? "weapon-names" : null;
    const named = (suffix, val, ph) => el("input", { name: `${f.name}${suffix}`, value: val ?? "", placeholder: ph || f.name, "aria-label": `${f.name}${suffix}`,
      list, size: 12, autocomplete: "off", on: { input: (e) => (list === "weapon-names" ? suggestWeapon : list ? suggest : () => {})(e.target.value) } });
    return el("label", { class: "field" }, el("span", { class: "muted" }, header(f.name)),
      f.type === "choice" ? el("select", { name: f.name, "aria-label": f.name }, ["", ...f.values].map((o) => el("option", { value: o, selected: o === (v || "") }, o)))
        : f.type === "period" ? [named("_start", v && v[0], "from"), named("_end", v && v[1], "to")]
        : f.type === "money" ? [named("_amount", v && v[0], "amount"), named("_currency", v && v[1], "USD")]
        : f.type === "bool" ? el("select", { name: f.name, "aria-label": f.name }, ["true", "false"].map((o) => el("option", { value: o, selected: String(v) === o }, o)))
        : named("", Array.isArray(v) ? v.join(", ") : v));
  });
  const form = el("form", { class: "fact-form", on: { submit: (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    const out = {};
    for (const f of spec.fields) {
      let next;
      if (f.type === "period") next = data[`${f.name}_start`] ? { start: data[`${f.name}_start`], end: data[`${f.name}_end`] || data[`${f.name}_start`] } : null;
      else if (f.type === "money") next = data[`${f.name}_amount`] ? { amount: Number(data[`${f.name}_amount`]), currency: data[`${f.name}_currency`] || "USD" } : null;
      else if (f.type === "number") next = data[f.name] === "" ? null : Number(data[f.name]);
      else if (f.type === "bool") next = data[f.name] === "true";
      else if (f.type === "list") next = data[f.name] ? data[f.name].split(",").map((x) => x.trim()).filter(Boolean) : [];
      else next = data[f.name] === "" ? null : data[f.name];
      if (!row) {  // a new fact: what was filled in
        if (next !== null && !(Array.isArray(next) && !next.length)) out[f.name] = next;
        continue;
      }
      const before = value(f);
      const was = f.type === "period" ? (before[0] ? { start: before[0], end: before[1] || before[0] } : null)
        : f.type === "money" ? (before[0] !== "" && before[0] !== null ? { amount: Number(before[0]), currency: before[1] || "USD" } : null)
        : before ?? null;
      if (JSON.stringify(was) !== JSON.stringify(next)) out[f.name] = next;  // an edit: what changed
    }
    done(out);
  } } }, inputs, el("datalist", { id: "entity-names" }), el("datalist", { id: "weapon-names" }),
  el("button", { type: "submit", class: "save" }, "Save"));
  return form;
}

function reviewTools(docId, text) {
  const kindPick = el("select", { id: "add-kind", "aria-label": "kind of the new fact" }, KINDS.map((k) => el("option", { value: k.name }, k.singular)));
  const slot = el("div", { id: "add-form" });
  const selected = el("p", { class: "muted", id: "selection" }, "Select the words of the article that state a missed fact, then add it.");
  let span = null;
  document.onselectionchange = () => {
    const box = document.getElementById("article-text");
    const sel = window.getSelection();
    if (!box || !sel.rangeCount || sel.isCollapsed || !box.contains(sel.anchorNode)) return;
    const range = sel.getRangeAt(0);
    const before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    span = [start, start + range.toString().length];
    selected.textContent = `“${text.slice(span[0], span[1])}”`;
  };
  const add = el("button", { type: "button", id: "add-fact", on: { click: () => {
    if (!span) { selected.textContent = "Select some text of the article first."; return; }
    const [start, end] = span;
    slot.replaceChildren(factForm(kindPick.value, null, async (fields) => {
      try { await post(`facts/${kindPick.value}`, { document_id: docId, start, end, fields }); await article(docId); } catch (err) { showError(err); }
    }));
  } } }, "Add a fact from the selection");
  return el("section", { class: "review-tools" }, el("h3", {}, "Review"), credentials(), selected, el("div", { class: "filters" }, kindPick, add), slot,
    el("p", { class: "error", id: "review-error" }), el("a", { href: "#/review" }, "The review queue →"));
}

// ---- the review queue: the least confident facts first, one key per decision --------------------------------
const queue = { items: [], at: 0 };
async function reviewView(params) {
  const kind = params.get("kind") || "";
  const q = await api("review-queue", { kind: kind || undefined, limit: 100 });
  queue.items = q.items;
  queue.at = 0;
  const progress = el("p", { id: "review-progress" }, Object.entries(q.progress).map(([k, p]) =>
    el("span", { class: "progress" }, `${(KINDS.find((x) => x.name === k) || { label: k }).label}: ${p.reviewed} of ${p.total} reviewed `,
      el("progress", { max: p.total || 1, value: p.reviewed }))));
  view().replaceChildren(el("h2", {}, "Review queue"),
    el("p", { class: "muted" }, "The facts no one has reviewed, the least confident first. Keys: a or ✓ confirm, r or ✗ reject, e edit, n next, p previous."),
    el("div", { class: "filters" }, el("select", { id: "queue-kind", "aria-label": "kind", on: { change: (e) => { location.hash = `#/review?kind=${e.target.value}`; } } },
      el("option", { value: "" }, "every kind"), KINDS.map((k) => el("option", { value: k.name, selected: k.name === kind }, k.label)))),
    credentials(), progress, el("div", { id: "queue-item" }), el("p", { class: "error", id: "review-error" }));
  showQueueItem();
}

function showQueueItem() {
  const slot = document.getElementById("queue-item");
  if (!slot) return;
  const r = queue.items[queue.at];
  if (!r) { slot.replaceChildren(el("p", { id: "queue-done" }, "Nothing left to review here.")); return; }
  const cols = (TABLES[r.kind] || { cols: [] }).cols.filter((c) => r[c] !== null && r[c] !== undefined && r[c] !== "" && c !== "outlet");
  slot.replaceChildren(el("section", { class: "card queue-card", dataset: { id: r.id, kind: r.kind } },
    el("p", { class: "muted" }, `${queue.at + 1} of ${queue.items.length} · ${r.kind} · confidence ${r.confidence.toFixed(2)} · `,
      el("a", { href: factHref(r.kind, r) }, r.title || r.document_id)),
    el("q", { class: "queue-evidence" }, r.evidence || ""),
    el("table", {}, el("tbody", {}, cols.map((c) => el("tr", {}, el("th", {}, header(c)), el("td", {}, Array.isArray(r[c]) ? r[c].join(", ") : fmt(r[c])))))),
    el("div", { class: "review-bar" },
      el("button", { type: "button", class: "confirm", on: { click: () => decide("confirm") } }, "✓ Confirm (a)"),
      el("button", { type: "button", class: "reject", on: { click: () => decide("reject") } }, "✗ Reject (r)"),
      el("button", { type: "button", class: "ghost", on: { click: () => editQueued() } }, "Edit (e)"),
      el("button", { type: "button", class: "ghost", on: { click: () => { queue.at += 1; showQueueItem(); } } }, "Next (n)"))));
}

async function decide(action, fields) {
  const r = queue.items[queue.at];
  if (!r) return;
  try {
    await post(`facts/${r.kind}/${r.id}/review`, { action, fields });
    queue.items.splice(queue.at, 1);
    const p = await api("review-queue", { limit: 1 });
    fill("review-progress", ...Object.entries(p.progress).map(([k, x]) =>
      el("span", { class: "progress" }, `${(KINDS.find((y) => y.name === k) || { label: k }).label}: ${x.reviewed} of ${x.total} reviewed `,
        el("progress", { max: x.total || 1, value: x.reviewed }))));
    showQueueItem();
  } catch (err) { showError(err); }
}

function editQueued() {
  const r = queue.items[queue.at];
  if (r) document.querySelector(".queue-card").append(factForm(r.kind, r, (fields) => decide("edit", fields)));
}

document.addEventListener("keydown", (e) => {
  if (!document.getElementById("queue-item") || ["INPUT", "SELECT", "TEXTAREA"].includes(e.target.tagName)) return;
  if (e.key === "a") decide("confirm");
  else if (e.key === "r") decide("reject");
  else if (e.key === "e") editQueued();
  else if (e.key === "n") { queue.at = Math.min(queue.at + 1, queue.items.length); showQueueItem(); }
  else if (e.key === "p") { queue.at = Math.max(0, queue.at - 1); showQueueItem(); }
});

function select(keys, scroll) {
  document.querySelectorAll(".active").forEach((n) => n.classList.remove("active"));
  for (const key of keys) {
    document.querySelectorAll(`.fact[data-key="${key}"]`).forEach((n) => n.classList.add("active"));
    document.querySelectorAll("mark").forEach((m) => { if (m.dataset.facts.split(" ").includes(key)) m.classList.add("active"); });
  }
  if (scroll) { const m = document.querySelector("mark.active"); if (m) m.scrollIntoView({ block: "center" }); }
}

// ---- other views -----------------------------------------------------------------------------------
async function timelineView(a, b) {
  const countries = (await api("entities", { type: "country", limit: 500 })).items.map((x) => x.name);
  const pick = (id, value) => el("select", { id, "aria-label": id }, el("option", { value: "" }, id === "a" ? "country" : "(and country)"),
    countries.map((c) => el("option", { value: c, selected: c === value }, c)));
  const go = () => { location.hash = `#/timeline/${encodeURIComponent(document.getElementById("a").value)}/${encodeURIComponent(document.getElementById("b").value)}`; };
  const list = el("ul", { class: "timeline", id: "timeline" });
  view().replaceChildren(el("h2", {}, "Timeline"), el("div", { class: "filters" }, pick("a", a), pick("b", b), el("button", { id: "show", on: { click: go } }, "Show")), list);
  if (!a) return;
  const t = await api("analytics/timeline", { a, b });
  list.replaceChildren(...t.rows.map((r) => el("li", {},
    el("span", { class: "when" }, r.start === r.end || !r.end ? r.start : `${r.start} – ${r.end}`), el("span", { class: "badge" }, r.kind), r.summary, " ",
    (r.evidence || []).slice(0, 3).map((s) => el("a", { href: `#/doc/${s.document_id}/${s.kind}-${s.fact_id}`, title: s.evidence || "" }, `[${s.outlet || s.document_id.slice(0, 8)}] `)))));
}

async function disputesView() {
  const t = await api("analytics/disputes");
  view().replaceChildren(el("h2", {}, "Disputes"), el("table", { id: "disputes" },
    el("thead", {}, el("tr", {}, t.columns.map((c) => el("th", {}, c)))),
    el("tbody", {}, t.rows.map((r) => el("tr", { on: { click: () => { const s = (r.evidence || [])[0]; if (s) location.hash = `#/doc/${s.document_id}/${s.kind}-${s.fact_id}`; } } },
      t.columns.map((c) => el("td", {}, fmt(r[c]))))))));
}

async function articlesView() {
  const page = await api("documents", { limit: 500 });
  view().replaceChildren(el("h2", {}, "Articles"), el("table", { id: "articles" },
    el("thead", {}, el("tr", {}, ["published", "title", "outlet", "author", "facts"].map((c) => el("th", {}, c)))),
    el("tbody", {}, page.items.map((d) => el("tr", { on: { click: () => { location.hash = `#/doc/${d.id}`; } } },
      el("td", {}, d.published || ""), el("td", {}, d.title || d.id), el("td", {}, d.outlet || ""), el("td", {}, d.author || ""), el("td", {}, d.facts))))));
}

async function entityView(name) {
  const p = await api(`entities/${encodeURIComponent(name)}`);
  view().replaceChildren(el("h2", { id: "entity-name" }, `${p.name} (${p.type})`),
    el("p", {}, "Aliases: ", Object.entries(p.aliases).map(([a, n]) => `${a} (${n})`).join(", ")),
    el("ul", {}, p.roles.map((r) => el("li", {}, `${r.role} — ${r.outlet || r.document_id.slice(0, 8)} ${r.published || ""}`))),
    el("ul", {}, Object.entries(p.facts).map(([k, n]) => el("li", {}, `${k}: ${n}`))),
    el("ul", {}, p.documents.map((d) => el("li", {}, el("a", { href: `#/doc/${d.id}` }, `${d.published || ""} ${d.title || d.id}`)))));
}

// ---- the analyst's questions ---------------------------------------------------------------------------
// a form whose fields are the view's URL parameters (so the answer has a link), and the answer under it
function questionForm(path, fields, params) {
  const form = el("form", { class: "filters", id: `${path}-form`, on: { submit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams([...new FormData(e.target).entries()].filter(([, v]) => v));
    location.hash = `#/${path}?${q}`;
  } } }, fields.map(([name, label]) => el("input", { name, placeholder: label, "aria-label": label, value: params.get(name) || "",
                                                    list: "entity-names", autocomplete: "off", on: { input: (e) => suggest(e.target.value) } })),
  el("datalist", { id: "entity-names" }), el("button", { type: "submit", id: `${path}-go` }, "Answer"));
  return form;
}

function sourceLinks(sources) {  // each report: its outlet (or document), linked to the fact in its article
  return (sources || []).map((s) => [el("a", { href: s.kind === "transfers" && !s.document_id ? "#/" : `#/doc/${s.document_id}/${s.kind}-${s.fact_id}`,
    title: s.evidence || "", class: "source" }, s.outlet || s.title || (s.document_id || "").slice(0, 8)), " "]);
}

function questionTable(id, columns, rows, cell) {
  return el("div", { class: "scroll" }, el("table", { id },
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", {}, c)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, columns.map((c) => el("td", {}, cell(r, c))))))));
}

// one line per report: several fused facts may quote the same sentence
const uniqueSources = (sources) => [...new Map((sources || []).map((s) => [`${s.document_id}|${s.evidence}`, s])).values()];

async function bothSidesView(params) {
  const a = params.get("a"), b = params.get("b");
  const out = el("div", { id: "answer" });
  view().replaceChildren(el("h2", {}, "Who arms both sides"),
    el("p", { class: "muted" }, "Suppliers that arm both of two actors, each side with its evidence: the transfers the news reports and the import shares articles state."),
    questionForm("both-sides", [["a", "first actor (e.g. Armenia)"], ["b", "second actor (e.g. Azerbaijan)"]], params), out);
  if (!a || !b) return;
  const t = await api("analytics/both-sides", { a, b });
  if (!t.rows.length) { out.replaceChildren(el("p", { id: "none" }, `No supplier in the store arms both ${a} and ${b}.`)); return; }
  out.replaceChildren(el("p", { class: "muted" }, t.title), ...t.rows.map((r) => el("section", { class: "card side-by-side", dataset: { supplier: r.supplier } },
    el("h3", {}, r.supplier, el("span", { class: "muted" }, ` · ${r.documents} article(s)`)),
    el("div", { class: "sides" }, [a, b].map((side) => el("div", { class: "side", dataset: { side } },
      el("h4", {}, el("a", { href: `#/reports?${new URLSearchParams({ supplier: r.supplier, recipient: side })}`, title: "every report" }, `→ ${side}`)),
      el("p", {}, r[`arms ${side}`]),
      el("ul", {}, uniqueSources(r.evidence[side]).map((s) => el("li", {},
        el("span", { class: "badge" }, s.fact.startsWith("transfer") ? "transfer" : "stated share"),
        s.fact.startsWith("transfer") ? "" : `${s.fact} `,
        el("a", { href: `#/doc/${s.document_id}/${s.kind}-${s.fact_id}` }, s.outlet || s.title || s.document_id.slice(0, 8)),
        el("q", {}, s.evidence || ""))))))))));
}

async function shareView(params) {
  const recipient = params.get("recipient");
  const out = el("div", { id: "answer" });
  view().replaceChildren(el("h2", {}, "Suppliers' shares"),
    el("p", { class: "muted" }, "Each supplier's share of a recipient's arms imports: the figures articles state, SIPRI's TIV share when its tables are loaded, and the values of reported transfers, each with its basis and source."),
    questionForm("share", [["recipient", "recipient (e.g. Azerbaijan)"], ["period", "period (e.g. 2013-2017)"]], params), out);
  if (!recipient) return;
  const t = await api("analytics/share", { recipient, period: params.get("period") || undefined });
  // the basis says where a number comes from: SIPRI's TIV tables, a share an article states, or reported values
  const tiv = (r) => r.basis.startsWith("SIPRI TIV");
  const badge = (r) => el("span", { class: `badge source-${tiv(r) ? "sipri" : "news"}` },
    tiv(r) ? "SIPRI TIV" : r.basis.startsWith("stated") ? "news: stated" : "news: values");
  out.replaceChildren(el("p", { class: "muted" }, t.title), questionTable("share-table", ["supplier", "share %", "basis", "period", "source", "evidence"], t.rows,
    (r, c) => c === "share %" ? fmt(r.share_percent) : c === "source" ? [badge(r), " ", r.source || ""]
      : c === "evidence" ? (r.document_id ? el("a", { href: `#/doc/${r.document_id}`, title: r.evidence || "" }, (r.evidence || "").slice(0, 120)) : "")
      : fmt(r[c])));
}

async function crosscheckView(params) {
  const recipient = params.get("recipient");
  const out = el("div", { id: "answer" });
  view().replaceChildren(el("h2", {}, "Cross-check against SIPRI"),
    el("p", { class: "muted" }, "Named systems the news reports, against SIPRI's register: in both, news only, SIPRI only."),
    questionForm("crosscheck", [["recipient", "recipient (all if empty)"]], params), out);
  if (!params.has("recipient") && !location.hash.includes("?")) return;
  const t = await api("analytics/crosscheck", { recipient: recipient || undefined });
  const counts = t.rows.reduce((n, r) => ({ ...n, [r.match]: (n[r.match] || 0) + 1 }), {});
  out.replaceChildren(el("p", { id: "crosscheck-counts" }, Object.entries(counts).map(([k, n]) => `${k}: ${n}`).join(" · ") || "nothing to compare"),
    questionTable("crosscheck-table", ["match", "supplier", "recipient", "weapon", "news", "sipri"], t.rows,
      (r, c) => c === "match" ? el("span", { class: `badge match-${r.match.replace(/ /g, "-")}` }, r.match)
        : c === "sipri" ? [r.sipri, " ", (r.sipri_ids || []).map((id) => el("a", { href: `#/fact/transfers/${id}`, class: "deal" }, `[deal ${id}]`))]
        : c === "news" && r.news ? el("a", { class: "reports", href: `#/reports?${new URLSearchParams({ supplier: r.supplier, recipient: r.recipient, weapon: r.weapon })}` }, r.news)
        : fmt(r[c])));
}

// a fused transfer: every report of it, each document with the values it gave and its evidence
async function reportsView(params) {
  const q = Object.fromEntries(["supplier", "recipient", "weapon"].filter((k) => params.get(k)).map((k) => [k, params.get(k)]));
  const page = await api("facts/transfers", { ...q, limit: 500, sort: "period_start" });
  const rows = page.items.filter((r) => !q.weapon || r.weapon === q.weapon);
  const distinct = (f) => new Set(rows.map(f).filter((v) => v !== null && v !== undefined && v !== "")).size;
  const disagree = ["status", "quantity", "value_amount"].filter((c) => distinct((r) => r[c]) > 1);
  view().replaceChildren(el("h2", { id: "reports-title" }, `${q.supplier || "?"} → ${q.recipient || "?"}${q.weapon ? `: ${q.weapon}` : ""}`),
    el("p", { class: "muted", id: "reports-summary" }, `${rows.length} report(s) in ${new Set(rows.map((r) => r.document_id)).size} document(s)`,
      disagree.length ? el("strong", { class: "error" }, ` · the sources disagree on ${disagree.map(header).join(", ").toLowerCase()}`) : ""),
    questionTable("reports-table", ["source", "document", "published", "status", "quantity", "value", "period", "evidence"], rows, (r, c) =>
      c === "source" ? sourceBadge(r.source)
        : c === "document" ? el("a", { href: factHref("transfers", r) }, r.source === "SIPRI" ? "register entry" : (r.title || r.document_id.slice(0, 8)))
        : c === "value" ? (r.value_amount === null ? "" : r.value_currency === "TIV" ? `${fmt(r.value_amount / 1e6)} TIV` : `${fmt(r.value_amount)} ${r.value_currency || ""}`)
        : c === "period" ? [r.period_start, r.period_end].filter(Boolean).join("–")
        : c === "evidence" ? el("q", {}, r.evidence || "") : fmt(r[c])));
}

async function factView(kind, id) {
  const f = await api(`facts/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`);
  const cols = (TABLES[kind] || { cols: [] }).cols.filter((c) => c !== "outlet");
  const sipri = f.source === "SIPRI";
  view().replaceChildren(el("h2", { id: "fact-title" }, sipri ? `SIPRI deal: ${f.supplier} → ${f.recipient}, ${f.variant || f.weapon}` : `${(KINDS.find((k) => k.name === kind) || {}).singular || kind} ${id}`),
    el("p", {}, sourceBadge(f.source), sipri ? `from ${f.title}` : el("a", { href: `#/doc/${f.document_id}/${kind}-${id}` }, f.title || f.document_id)),
    el("table", { id: "fact-fields" }, el("tbody", {}, cols.filter((c) => f[c] !== null && f[c] !== undefined && f[c] !== "").map((c) =>
      el("tr", {}, el("th", {}, c === "value_amount" && sipri ? "TIV (millions)" : header(c)),
        el("td", {}, c === "value_amount" && sipri ? fmt(f[c] / 1e6) : Array.isArray(f[c]) ? f[c].join(", ") : fmt(f[c])))))),
    el("h3", {}, sipri ? "Register line" : "Evidence"),
    ...(f.evidence_all || []).map((e) => el("pre", { class: "evidence" }, e.text)));
}

// ---- routing --------------------------------------------------------------------------------------
let routed = false;   // a route ran already (the hash changed while the page was still loading)
let kindsLoaded;
const kindsReady = new Promise((resolve) => { kindsLoaded = resolve; });   // every view needs the kinds
async function route() {
  routed = true;
  await kindsReady;
  const decode = (p) => { try { return decodeURIComponent(p); } catch (e) { return p; } };  // '#/doc/%'
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").map(decode);
  let params;
  try { params = new URLSearchParams(query || ""); } catch (e) { params = new URLSearchParams(); }
  try {
    if (parts[0] === "doc" && parts[1]) await article(parts[1], parts[2]);
    else if (parts[0] === "fact" && parts[1] && parts[2]) await factView(parts[1], parts[2]);
    else if (parts[0] === "both-sides") await bothSidesView(params);
    else if (parts[0] === "share") await shareView(params);
    else if (parts[0] === "crosscheck") await crosscheckView(params);
    else if (parts[0] === "reports") await reportsView(params);
    else if (parts[0] === "review") await reviewView(params);
    else if (parts[0] === "timeline") await timelineView(parts[1], parts[2]);
    else if (parts[0] === "disputes") await disputesView();
    else if (parts[0] === "articles") await articlesView();
    else if (parts[0] === "entity" && parts[1]) await entityView(parts[1]);
    else await overview(params);
  } catch (err) {
    view().replaceChildren(el("p", { class: "error" }, err.message));
  }
  document.body.dataset.ready = location.hash || "#/";
}

window.addEventListener("hashchange", route);
// the header's search box: an entity's page, with suggestions from the store as the analyst types
function searchBox() {
  const input = document.getElementById("search-name");
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (input.value.length < 2) return;
    timer = setTimeout(async () => {
      const page = await api("entities", { q: input.value, limit: 15 }).catch(() => ({ items: [] }));
      fill("search-names", ...page.items.map((e) => el("option", { value: e.name }, `${e.name} (${e.type})`)));
    }, 150);
  });
  document.getElementById("search").addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.value.trim()) location.hash = `#/entity/${encodeURIComponent(input.value.trim())}`;
  });
}

window.addEventListener("DOMContentLoaded", async () => {
  searchBox();
  await loadKinds().catch((err) => view().replaceChildren(el("p", { class: "error" }, err.message)));
  kindsLoaded();
  const [h, docs] = await Promise.all([api("health").catch(() => null), api("documents", { limit: 1 }).catch(() => null)]);
  if (h && docs) document.getElementById("counts").textContent =
    `${docs.total} articles · ${h.counts.transfers} transfers · ${h.counts.events} events · ${h.counts.quotes} quotes`;
  if (!routed) route();  // not a second, stale rendering of a view the hash already asked for
});
