// armstrace dashboard: a small single-page app over the REST API. All data is inserted as text nodes
// (never as HTML), so an article that contains markup shows it as text.
"use strict";

const api = async (path, params = {}) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""));
  const res = await fetch(`/api/${path}${q.toString() ? "?" + q : ""}`);
  if (!res.ok) throw new Error(`${res.status}: ${(await res.json().catch(() => ({}))).detail || res.statusText}`);
  return res.json();
};

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
const fmt = (v) => (v === null || v === undefined ? "" : typeof v === "number" && v > 9999 ? v.toLocaleString("en") : String(v));
const period = (p) => (p && (p.start || p.end) ? (p.start === p.end || !p.end ? p.start : `${p.start}–${p.end}`) : "");

// ---- tables with CSV download --------------------------------------------------------------------
// the kinds of facts, their columns and filters come from the server (/api/kinds), declared once in the model
let KINDS = [];
const TABLES = {};
async function loadKinds() {
  KINDS = await api("kinds");
  for (const k of KINDS) {
    TABLES[k.name] = { label: k.label, cols: k.columns,
      filters: k.filters.filter((f) => f.name !== "country").map((f) => [f.name, f.values ? ["", ...f.values] : "text"]) };
  }
}

function csvOf(cols, rows) {
  // a cell starting with = + - @ (or a tab or return) is text, never a spreadsheet formula
  const cell = (v) => {
    let s = Array.isArray(v) ? v.join("; ") : fmt(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}

function download(name, text) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv" })), download: name });
  document.body.append(a); a.click(); a.remove();
}

function renderTable(kind, rows) {
  const { cols } = TABLES[kind];
  const body = el("tbody", {}, rows.map((r) => el("tr", {
    dataset: { doc: r.document_id, fact: `${kind}-${r.id}` },
    title: r.evidence || "",
    on: { click: () => { location.hash = `#/doc/${r.document_id}/${kind}-${r.id}`; } },
  }, cols.map((c) => el("td", {}, Array.isArray(r[c]) ? r[c].join(", ") : fmt(r[c]))))));
  return el("table", { id: `table-${kind}` }, el("thead", {}, el("tr", {}, cols.map((c) => el("th", {}, c)))), body);
}

// ---- overview: network + tables ------------------------------------------------------------------
const state = { kind: "transfers", filters: {}, rows: [] };

async function overview() {
  const v = view();
  v.replaceChildren(el("div", { class: "grid" },
    el("section", { class: "card" }, el("h2", {}, "Who arms whom"),
      el("p", { class: "muted" }, "Node size: transfer volume; edge width: transfers. Click a country or an arrow to filter the table."),
      el("div", { id: "network" })),
    el("section", { class: "card" },
      el("div", { class: "tabs" }, Object.keys(TABLES).map((k) => el("button", {
        id: `tab-${k}`, class: k === state.kind ? "active" : "", on: { click: () => { state.kind = k; state.filters = {}; overview(); } },
      }, TABLES[k].label))),
      el("form", { id: "filters", class: "filters", on: { submit: (e) => { e.preventDefault(); applyFilters(); } } }),
      el("div", { id: "table-wrap" }))));
  buildFilters();
  await Promise.all([network(), loadTable()]);
}

function buildFilters() {
  const form = document.getElementById("filters");
  form.replaceChildren(...[
    ...TABLES[state.kind].filters.map(([name, type]) => Array.isArray(type)
      ? el("select", { name, "aria-label": name }, type.map((o) => el("option", { value: o, selected: state.filters[name] === o }, o || `any ${name}`)))
      : el("input", { name, placeholder: name, "aria-label": name, value: state.filters[name] || "" })),
    state.filters.country ? el("span", { class: "badge", id: "country-filter" }, `country: ${state.filters.country}`) : null,
    el("button", { type: "submit", id: "apply" }, "Filter"),
    el("button", { type: "button", class: "ghost", id: "clear", on: { click: () => { state.filters = {}; buildFilters(); loadTable(); } } }, "Clear"),
    el("button", { type: "button", class: "ghost", id: "csv", on: { click: () => download(`${state.kind}.csv`, csvOf(TABLES[state.kind].cols, state.rows)) } }, "Download CSV"),
  ].filter(Boolean));
}

function applyFilters() {
  const form = document.getElementById("filters");
  const country = state.filters.country;
  state.filters = Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v));
  if (country) state.filters.country = country;
  loadTable();
}

async function loadTable() {
  const wrap = document.getElementById("table-wrap");
  try {
    // a country chosen on the network filters transfers by either side and events by actor
    const { country, ...rest } = state.filters;
    const params = { ...rest, limit: 500 };
    if (country && state.kind === "transfers") params.country = country;
    if (country && state.kind === "events" && !params.actor) params.actor = country;
    const page = await api(`facts/${state.kind}`, params);
    state.rows = page.items;
    wrap.replaceChildren(el("p", { class: "muted", id: "row-count" }, `${page.items.length} of ${page.total}`),
      el("div", { class: "scroll" }, renderTable(state.kind, page.items)));
  } catch (err) {
    wrap.replaceChildren(el("p", { class: "error" }, err.message));
  }
}

async function network() {
  const table = await api("analytics/who-arms-whom");
  const volume = {};
  for (const r of table.rows) for (const n of [r.supplier, r.recipient]) volume[n] = (volume[n] || 0) + r.transfers;
  const max = Math.max(1, ...Object.values(volume));
  const elements = [
    ...Object.entries(volume).map(([id, n]) => ({ data: { id, label: id, size: 18 + 42 * Math.sqrt(n / max) } })),
    ...table.rows.map((r, i) => ({ data: { id: `e${i}`, source: r.supplier, target: r.recipient,
                                           width: 1 + 2 * Math.log1p(r.transfers), label: r.systems } })),
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
  cy.on("tap", "node", (e) => { state.kind = "transfers"; state.filters = { country: e.target.id() }; buildFilters(); loadTable(); });
  cy.on("tap", "edge", (e) => {
    state.kind = "transfers"; state.filters = { supplier: e.target.data("source"), recipient: e.target.data("target") };
    buildFilters(); loadTable();
  });
}

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
  const list = el("div", { id: "facts" }, facts.map(({ key, kind, f }) =>
    el("div", { class: "fact", dataset: { key }, on: { click: () => select([key], true) } },
      el("div", { class: "kind" }, KINDS.find((k) => k.name === kind).singular), factLabel(kind, f))));
  const meta = [d.doc.outlet, d.doc.author, d.doc.published && `${d.doc.published} (${d.doc.published_how})`, d.doc.url].filter(Boolean).join(" · ");
  const entities = el("p", { id: "entities" }, (d.entities || []).map((e) =>
    [el("a", { href: `#/entity/${encodeURIComponent(e.name)}`, title: e.type }, e.name), " "]));
  view().replaceChildren(el("h2", { id: "article-title" }, d.doc.title || d.doc.id), el("p", { class: "muted" }, meta),
    el("div", { class: "article" }, el("section", { class: "card" }, text),
      el("aside", {}, el("h3", {}, "Entities"), entities, el("h3", {}, `${facts.length} facts`), list)));
  if (focus) {
    // the table's row is fact N of its kind in the store; find it in this article by its evidence
    const row = await api(`facts/${focus.split("-")[0]}`, { document: docId, limit: 500 }).catch(() => null);
    const wanted = row && row.items.find((r) => `${focus.split("-")[0]}-${r.id}` === focus);
    const hit = wanted && facts.find(({ kind, f }) => kind === focus.split("-")[0] &&
      (f.evidence_spans || []).some(([s, e]) => wanted.evidence_span && s === wanted.evidence_span[0] && e === wanted.evidence_span[1]));
    if (hit) select([hit.key], true);
  }
}

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

// ---- routing --------------------------------------------------------------------------------------
async function route() {
  const decode = (p) => { try { return decodeURIComponent(p); } catch (e) { return p; } };  // '#/doc/%'
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decode);
  try {
    if (parts[0] === "doc" && parts[1]) await article(parts[1], parts[2]);
    else if (parts[0] === "timeline") await timelineView(parts[1], parts[2]);
    else if (parts[0] === "disputes") await disputesView();
    else if (parts[0] === "articles") await articlesView();
    else if (parts[0] === "entity" && parts[1]) await entityView(parts[1]);
    else await overview();
  } catch (err) {
    view().replaceChildren(el("p", { class: "error" }, err.message));
  }
  document.body.dataset.ready = location.hash || "#/";
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", async () => {
  await loadKinds().catch((err) => view().replaceChildren(el("p", { class: "error" }, err.message)));
  const h = await api("health").catch(() => null);
  if (h) document.getElementById("counts").textContent =
    `${h.counts.documents} articles · ${h.counts.transfers} transfers · ${h.counts.events} events · ${h.counts.quotes} quotes`;
  route();
});
