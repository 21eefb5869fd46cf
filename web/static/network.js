// The network page: the `network` of one or more entities drawn with
// cytoscape, filters by type and date, the `path` between two entities
// with each hop's evidence, and the GraphML and CSV exports.
//   /network?ids=ID,ID&depth=1&limit=80&types=PERSON,ORGANISATION&from=&to=&pfrom=ID&pto=ID

import { gql, authHeaders, NODE_FIELDS } from "./api.js";
import { h, entityURL, entityName, entityLink, typeBadge, message, errorMessage, setTitle, section, fmtNum, typeahead, time, positionTitle, TYPE_LABEL } from "./ui.js";

const TYPES = ["PERSON", "ORGANISATION", "RESOLUTION", "REPORT", "ARTICLE"];
const STYLE = {
  PERSON: { color: "#1d4ed8", shape: "ellipse" },
  ORGANISATION: { color: "#047857", shape: "round-rectangle" },
  RESOLUTION: { color: "#b45309", shape: "diamond" },
  REPORT: { color: "#6d28d9", shape: "hexagon" },
  ARTICLE: { color: "#4b5563", shape: "triangle" },
};
const KIND = {
  mentioned_together: "cùng được nhắc", position: "giữ chức vụ", parent: "trực thuộc", issued_by: "ban hành",
  reports_on: "báo cáo về", mentions: "nhắc tới", authored: "viết",
};
const TYPENAME = { PERSON: "Person", ORGANISATION: "Organisation", RESOLUTION: "Resolution", REPORT: "Report", ARTICLE: "Article" };

const NETWORK = `query Network($ids: [ID!]!, $depth: Int, $limit: Int, $types: [EntityType!], $from: DateTime, $to: DateTime, $named: [ID!]!) {
  network(ids: $ids, depth: $depth, limit: $limit, types: $types, from: $from, to: $to) {
    nodes { id type label degree }
    edges { from to kind weight }
  }
  named: nodes(ids: $named) { ${NODE_FIELDS} }
}`;

const PATH = `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxHops: 4, alternatives: 3) {
    length
    hops { kind from { ${NODE_FIELDS} } to { ${NODE_FIELDS} }
      evidence { sentence article { id title source publishedAt } position { title qualifier term } } }
  }
}`;

const TOP = `query Top { search(query: "", first: 0) { facets {
  people { value label count } organisations { value label count } resolutions { value label count } } } }`;

function stateOf(params) {
  const list = (k) => (params.get(k) || "").split(",").map((s) => s.trim()).filter(Boolean);
  const types = list("types").filter((t) => TYPES.includes(t));
  return {
    ids: [...new Set(list("ids"))], types,
    depth: Math.min(3, Math.max(1, parseInt(params.get("depth"), 10) || 1)),
    limit: Math.min(300, Math.max(10, parseInt(params.get("limit"), 10) || 80)),
    from: params.get("from") || "", to: params.get("to") || "",
    pfrom: params.get("pfrom") || "", pto: params.get("pto") || "",
  };
}

function urlOf(s, change = {}) {
  const n = { ...s, ...change };
  const p = new URLSearchParams();
  if (n.ids.length) p.set("ids", n.ids.join(","));
  if (n.depth !== 1) p.set("depth", n.depth);
  if (n.limit !== 80) p.set("limit", n.limit);
  if (n.types.length && n.types.length < TYPES.length) p.set("types", n.types.join(","));
  for (const k of ["from", "to", "pfrom", "pto"]) if (n[k]) p.set(k, n[k]);
  const qs = p.toString().replace(/%2C/g, ",");
  return "/network" + (qs ? "?" + qs : "");
}

function exportURL(s, format) {
  const p = new URLSearchParams({ ids: s.ids.join(","), depth: s.depth, limit: s.limit, format });
  if (s.types.length) p.set("types", s.types.map((t) => TYPENAME[t]).join(","));
  if (s.from) p.set("from", s.from);
  if (s.to) p.set("to", s.to);
  return "/export/network?" + p.toString().replace(/%2C/g, ",");
}

export async function render(main, ctx) {
  const s = stateOf(ctx.params);
  setTitle("Mạng quan hệ");
  const add = h("input", { id: "net-add", type: "search", placeholder: "Tên người, tổ chức, văn bản…" });
  const head = [h("h1", null, "Mạng quan hệ"),
    h("div", { class: "net-add" }, h("label", { for: "net-add" }, "Thêm thực thể vào mạng"), h("div", { class: "combo" }, add))];
  main.replaceChildren(...head, h("p", { class: "muted", role: "status" }, s.ids.length ? "Đang tải mạng…" : ""));
  typeahead(add, { types: ["PERSON", "ORGANISATION", "RESOLUTION", "REPORT"], onPick: (sg) => ctx.navigate(urlOf(s, { ids: [...s.ids, sg.node.id] })) });

  if (!s.ids.length) return start(main, head, ctx);

  let d;
  try {
    d = await gql(NETWORK, {
      ids: s.ids, depth: s.depth, limit: s.limit, types: s.types.length ? s.types : null,
      from: s.from ? s.from + "T00:00:00+07:00" : null, to: s.to ? s.to + "T23:59:59+07:00" : null,
      named: [...s.ids, s.pfrom, s.pto].filter(Boolean),
    }, { signal: ctx.signal });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    main.replaceChildren(...head, errorMessage(e));
    return;
  }
  const names = Object.fromEntries(d.named.filter(Boolean).map((n) => [n.id, n]));
  const g = d.network;
  setTitle(s.ids.map((id) => names[id] ? entityName(names[id]) : "").filter(Boolean).join(", "), "Mạng quan hệ");

  const seeds = h("ul", { class: "chips" }, ...s.ids.map((id) => h("li", null,
    names[id] ? entityLink(names[id]) : h("span", null, id), " ",
    h("a", { href: urlOf(s, { ids: s.ids.filter((x) => x !== id) }), class: "chip", "aria-label": `Bỏ ${names[id] ? entityName(names[id]) : id} khỏi mạng` }, "×"))));

  const filters = h("form", { class: "net-filters", onsubmit: (e) => {
    e.preventDefault();
    const fd = new FormData(e.target);
    ctx.navigate(urlOf(s, { types: fd.getAll("types"), depth: parseInt(fd.get("depth"), 10), limit: parseInt(fd.get("limit"), 10),
      from: fd.get("from") || "", to: fd.get("to") || "" }));
  } },
  h("fieldset", null, h("legend", null, "Loại nút"), ...TYPES.map((t) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "types", value: t, checked: !s.types.length || s.types.includes(t) }),
    h("span", { class: "swatch", "aria-hidden": "true", dataset: { type: t } }), TYPE_LABEL[t]))),
  h("fieldset", null, h("legend", null, "Phạm vi"),
    h("label", { for: "net-depth" }, "Số bước"),
    h("select", { id: "net-depth", name: "depth" }, ...[1, 2, 3].map((n) => h("option", { value: n, selected: s.depth === n }, n))),
    h("label", { for: "net-limit" }, "Tối đa nút"),
    h("select", { id: "net-limit", name: "limit" }, ...[40, 80, 150, 300].map((n) => h("option", { value: n, selected: s.limit === n }, n))),
    h("label", { for: "net-from" }, "Từ ngày"), h("input", { id: "net-from", name: "from", type: "date", value: s.from || null }),
    h("label", { for: "net-to" }, "Đến ngày"), h("input", { id: "net-to", name: "to", type: "date", value: s.to || null })),
  h("button", { type: "submit" }, "Áp dụng"));

  const exportStatus = h("span", { class: "export-status", role: "status" });
  const exportLink = (format, name, label) => h("a", { href: exportURL(s, format), download: name, class: "button", onclick: (e) => save(e, exportStatus) }, label);
  const exports = h("p", { class: "exports" }, "Tải về: ",
    exportLink("graphml", "network.graphml", "GraphML"), exportLink("nodes.csv", "nodes.csv", "Nút (CSV)"),
    exportLink("edges.csv", "edges.csv", "Cạnh (CSV)"), exportStatus);

  const panel = h("div", { class: "node-panel", "aria-live": "polite" }, h("p", { class: "muted" }, "Chọn một nút để xem, mở trang hoặc mở rộng mạng."));
  const box = h("div", { id: "graph", class: "graph", role: "img",
    "aria-label": `Đồ thị ${g.nodes.length} nút, ${g.edges.length} cạnh; danh sách nút ở dưới.` });
  const legend = h("ul", { class: "legend", "aria-label": "Chú giải" }, ...TYPES.map((t) =>
    h("li", null, h("span", { class: "swatch", "aria-hidden": "true", dataset: { type: t } }), TYPE_LABEL[t])),
  h("li", null, "Cạnh càng dày: càng nhiều bài cùng nhắc"));

  const pathBox = h("div", { class: "path-results", "aria-live": "polite" });
  const pathForm = pathSection(s, names, ctx, pathBox);

  main.replaceChildren(...head, seeds,
    h("div", { class: "net-layout" },
      h("div", { class: "net-graph" }, g.nodes.length ? box : message("empty", "Không có nút nào với bộ lọc này."), legend, exports),
      h("div", { class: "net-side" }, panel, filters)),
    pathForm, pathBox, nodeTable(g, s, ctx));

  const expand = (id) => ctx.navigate(urlOf(s, { ids: [...new Set([...s.ids, id])] }));
  const path = s.pfrom && s.pto ? findPath(s, pathBox, ctx) : null;
  const cy = g.nodes.length ? await draw(box, g, s, (n) => showNode(panel, n, s, expand)) : null;
  if (path) markPath(cy, await path);
  return { cleanup() { if (cy) cy.destroy(); } };
}

// save downloads an export link's file with the API token, which a server
// with PUBLIC_READ=false asks for (a plain link cannot send it), and saves
// it under the link's name.
async function save(e, status) {
  e.preventDefault();
  const a = e.currentTarget;
  status.textContent = "Đang tải…";
  try {
    const res = await fetch(a.href, { headers: authHeaders() });
    if (!res.ok) {
      status.replaceChildren(res.status === 401
        ? h("span", null, "Máy chủ cần mã API để xuất dữ liệu: nhập mã ở trang ", h("a", { href: "/add" }, "Thêm bài"), ".")
        : `Không tải được: máy chủ trả lời lỗi ${res.status}.`);
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const file = h("a", { href: url, download: a.getAttribute("download"), hidden: true });
    document.body.append(file);
    file.click();
    file.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status.textContent = `Đã tải ${a.getAttribute("download")}.`;
  } catch {
    status.textContent = "Không kết nối được với máy chủ. Hãy thử lại.";
  }
}

// start is the page without entities: the most mentioned ones to begin with.
async function start(main, head, ctx) {
  let d;
  try {
    d = await gql(TOP, {}, { signal: ctx.signal });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    main.replaceChildren(...head, errorMessage(e));
    return;
  }
  const f = d.search.facets;
  const group = (title, buckets) => buckets.length ? h("section", { class: "facet" }, h("h2", null, title),
    h("ul", null, ...buckets.slice(0, 10).map((b) => h("li", null, h("a", { href: `/network?ids=${encodeURIComponent(b.value)}` }, b.label), " ", h("span", { class: "n" }, fmtNum(b.count)))))) : null;
  main.replaceChildren(...head, message("info", "Chọn một người, tổ chức hay văn bản để xem mạng quan hệ của nó.",
    h("p", null, "Gõ tên vào ô trên, hoặc bắt đầu từ những thực thể được nhắc nhiều nhất:")),
  h("div", { class: "starts" }, group("Người", f.people), group("Tổ chức", f.organisations), group("Văn bản", f.resolutions)));
}

let cytoscapeModule = null;

// draw lays the graph out with cytoscape (loaded on first use) and calls
// onSelect with the data of a tapped node.
async function draw(box, g, s, onSelect) {
  if (!cytoscapeModule) cytoscapeModule = import("/assets/vendor/cytoscape/cytoscape.esm.min.mjs");
  const cytoscape = (await cytoscapeModule).default;
  const seeds = new Set(s.ids);
  const maxW = Math.max(1, ...g.edges.map((e) => e.weight));
  const maxD = Math.max(1, ...g.nodes.map((n) => n.degree));
  const ids = new Set(g.nodes.map((n) => n.id));
  const cy = cytoscape({
    container: box,
    elements: [
      ...g.nodes.map((n) => ({ data: { id: n.id, label: n.label, type: n.type, degree: n.degree,
        size: 18 + 26 * Math.sqrt(n.degree / maxD), seed: seeds.has(n.id) ? 1 : 0 } })),
      ...g.edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map((e, i) => ({ data: { id: "e" + i, source: e.from, target: e.to, kind: e.kind, weight: e.weight,
        width: 1 + 7 * Math.sqrt(e.weight / maxW) } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 10,
        "text-wrap": "ellipsis", "text-max-width": 120, "text-valign": "bottom", "text-margin-y": 3, color: "#111827",
        "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1, "border-width": 1, "border-color": "#ffffff" } },
      ...TYPES.map((t) => ({ selector: `node[type = "${t}"]`, style: { "background-color": STYLE[t].color, shape: STYLE[t].shape } })),
      { selector: "node[seed = 1]", style: { "border-width": 4, "border-color": "#dc2626", "font-weight": "bold" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#9ca3af", opacity: 0.7, "curve-style": "haystack" } },
      { selector: 'edge[kind != "mentioned_together"]', style: { "line-color": "#475569", "line-style": "solid" } },
      { selector: ".path", style: { "line-color": "#dc2626", "border-color": "#dc2626", "border-width": 4, opacity: 1, "z-index": 10 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f59e0b" } },
    ],
    // Rings by degree around the entities asked for: quick, the same
    // every time, and readable when co-mentions make the graph dense.
    layout: { name: "concentric", animate: false, fit: true, padding: 24, minNodeSpacing: 22, avoidOverlap: true,
      concentric: (n) => (n.data("seed") ? 1e9 : n.data("degree")), levelWidth: () => Math.max(1, maxD / 5) },
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 3,
  });
  cy.on("tap", "node", (e) => onSelect(e.target.data()));
  box.dataset.nodes = cy.nodes().length;
  box.dataset.edges = cy.edges().length;
  window.tracuuGraph = cy; // for the browser's console and the tests
  return cy;
}

function showNode(panel, n, s, expand) {
  const node = { __typename: TYPENAME[n.type], id: n.id, title: n.label, name: n.label };
  panel.replaceChildren(h("p", null, typeBadge(node.__typename), " ", h("strong", null, n.label)),
    h("p", { class: "muted" }, `Bậc ${fmtNum(n.degree)} (số bài và quan hệ trực tiếp)`),
    h("p", { class: "actions" },
      h("a", { href: entityURL(node), class: "button" }, "Mở trang"),
      s.ids.includes(n.id) ? null : h("button", { type: "button", onclick: () => expand(n.id) }, "Mở rộng từ nút này")));
}

function nodeTable(g, s, ctx) {
  const rows = [...g.nodes].sort((a, b) => b.degree - a.degree);
  return h("details", { class: "node-table" }, h("summary", null, `Danh sách ${g.nodes.length} nút và ${g.edges.length} cạnh`),
    h("div", { class: "table-wrap" }, h("table", null,
      h("thead", null, h("tr", null, ...["Tên", "Loại", "Bậc", ""].map((t, i) => h("th", { scope: "col" }, t || h("span", { class: "visually-hidden" }, "Thao tác"))))),
      h("tbody", null, ...rows.map((n) => h("tr", null,
        h("th", { scope: "row" }, entityLink({ __typename: TYPENAME[n.type], id: n.id, name: n.label, title: n.label })),
        h("td", null, TYPE_LABEL[n.type]), h("td", { class: "num" }, fmtNum(n.degree)),
        h("td", null, s.ids.includes(n.id) ? "" : h("a", { href: urlOf(s, { ids: [...s.ids, n.id] }), "aria-label": `Mở rộng từ ${n.label}` }, "Mở rộng"))))))));
}

// pathSection is the form that picks two entities with typeahead.
function pathSection(s, names, ctx, out) {
  const pick = { pfrom: s.pfrom, pto: s.pto };
  const field = (key, label) => {
    const input = h("input", { id: "path-" + key, type: "search", value: names[s[key]] ? entityName(names[s[key]]) : null, placeholder: "Gõ tên…" });
    const wrap = h("div", { class: "path-field" }, h("label", { for: "path-" + key }, label), h("div", { class: "combo" }, input));
    typeahead(input, { types: ["PERSON", "ORGANISATION", "RESOLUTION", "REPORT"], onPick: (sg) => { pick[key] = sg.node.id; input.value = sg.label; } });
    input.addEventListener("input", () => { pick[key] = ""; });
    return wrap;
  };
  const err = h("p", { class: "field-error", id: "path-error", role: "alert" });
  const form = h("form", { class: "path-form", "aria-describedby": "path-error", onsubmit: (e) => {
    e.preventDefault();
    if (!pick.pfrom || !pick.pto) { err.textContent = "Hãy chọn cả hai thực thể từ danh sách gợi ý."; return; }
    ctx.navigate(urlOf(s, { ...pick, ids: [...new Set([...s.ids, pick.pfrom, pick.pto])] }));
  } }, field("pfrom", "Từ"), field("pto", "Đến"), h("button", { type: "submit" }, "Tìm đường nối"), err);
  return section("Đường nối giữa hai thực thể", form);
}

// findPath asks for the paths between the two entities and lists them
// with each hop's evidence; it returns them for the graph to mark.
async function findPath(s, out, ctx) {
  out.replaceChildren(h("p", { class: "muted" }, "Đang tìm đường nối…"));
  let d;
  try {
    d = await gql(PATH, { from: s.pfrom, to: s.pto }, { signal: ctx.signal });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    out.replaceChildren(errorMessage(e));
    return [];
  }
  if (!d.path.length) {
    out.replaceChildren(message("empty", "Không tìm thấy đường nối nào trong tối đa 4 bước."));
    return [];
  }
  out.replaceChildren(...d.path.map((p, i) => h("section", { class: "path", "aria-label": `Đường ${i + 1}` },
    h("h3", null, `Đường ${i + 1}: ${p.length} bước`),
    h("ol", { class: "hops" }, ...p.hops.map((hop) => h("li", { class: "hop" },
      h("p", null, entityLink(hop.from), ` — ${KIND[hop.kind] || hop.kind} — `, entityLink(hop.to)),
      hop.evidence.sentence ? h("blockquote", null, hop.evidence.sentence) : null,
      hop.evidence.position ? h("p", { class: "meta" }, "Chức vụ: ", positionTitle(hop.evidence.position), hop.evidence.position.term ? ", nhiệm kỳ " + hop.evidence.position.term : "") : null,
      hop.evidence.article ? h("p", { class: "meta" }, "Nguồn: ", entityLink({ ...hop.evidence.article, __typename: "Article" }),
        hop.evidence.article.publishedAt ? [" · ", time(hop.evidence.article.publishedAt)] : null) : null))))));
  out.dataset.paths = d.path.length;
  return d.path;
}

// markPath draws the first path in red on the graph.
function markPath(cy, paths) {
  if (!cy || !paths.length) return;
  for (const hop of paths[0].hops) {
    cy.getElementById(hop.from.id).addClass("path");
    cy.getElementById(hop.to.id).addClass("path");
    cy.edges(`[source = "${css(hop.from.id)}"][target = "${css(hop.to.id)}"], [source = "${css(hop.to.id)}"][target = "${css(hop.from.id)}"]`).addClass("path");
  }
}

function css(s) {
  return s.replace(/["\\]/g, "\\$&");
}
