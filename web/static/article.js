// The article page: the text with every extracted mention marked and
// linked to its entity's page (by the offsets the API gives), the figures
// of its reports marked, and the entities it names at the side.

import { gql } from "./api.js";
import { h, entityURL, entityName, entityLink, typeBadge, message, errorMessage, setTitle, time, section, fmtNum, TYPE_LABEL } from "./ui.js";

const ENTITY = `__typename ... on Node { id }
  ... on Person { name } ... on Organisation { name } ... on Resolution { code title kind } ... on Report { title }`;

const QUERY = `query Article($id: ID!, $after: String) {
  node(id: $id) {
    __typename
    ... on Article {
      id title lead body captions url source sourceCode section publishedAt
      authors { id name }
      mentions(first: 100, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { field caption start end sentence entity { ${ENTITY} } }
      }
      reports(first: 20) {
        nodes { id title periodStart periodEnd organisation { id name }
          resolutions { id code title kind }
          figures { label value unit total percent sentence } }
      }
    }
  }
}`;

const MORE = `query ArticleMentions($id: ID!, $after: String) {
  node(id: $id) { ... on Article { mentions(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor } nodes { field caption start end sentence entity { ${ENTITY} } } } } }
}`;

export async function render(main, ctx) {
  const id = decodeURIComponent(ctx.match[1]);
  main.replaceChildren(h("p", { class: "muted", role: "status" }, "Đang tải bài…"));
  let a;
  try {
    const d = await gql(QUERY, { id }, { signal: ctx.signal });
    a = d.node;
    if (!a || a.__typename !== "Article") {
      setTitle("Không tìm thấy bài");
      main.replaceChildren(h("h1", null, "Không tìm thấy bài"), message("empty", "Không có bài báo nào với mã này.", h("p", null, h("a", { href: "/" }, "Về trang tìm kiếm"))));
      return;
    }
    // Every mention, page by page.
    let page = a.mentions;
    const all = [...page.nodes];
    while (page.pageInfo.hasNextPage && all.length < 2000) {
      const more = await gql(MORE, { id, after: page.pageInfo.endCursor }, { signal: ctx.signal });
      page = more.node.mentions;
      all.push(...page.nodes);
    }
    a.allMentions = all.filter((m) => m.entity);
  } catch (e) {
    if (e.name === "AbortError") throw e;
    main.replaceChildren(h("h1", null, "Không mở được bài"), errorMessage(e));
    return;
  }
  setTitle(a.title);
  const figures = a.reports.nodes.flatMap((r) => r.figures);
  const by = (field) => a.allMentions.filter((m) => m.field === field);
  const meta = [a.source, time(a.publishedAt), a.section].filter(Boolean);
  const sep = [];
  meta.forEach((m, i) => { if (i) sep.push(" · "); sep.push(m); });

  const article = h("article", { class: "article" },
    h("h1", null, ...marked(a.title, by("title"), [])),
    h("p", { class: "meta" }, ...sep),
    a.authors.length ? h("p", { class: "byline" }, "Tác giả: ", ...join(a.authors.map((p) => entityLink({ ...p, __typename: "Person" })))) : null,
    a.lead ? h("p", { class: "lead" }, ...marked(a.lead, by("lead"), figures)) : null,
    h("div", { class: "body" }, ...paragraphs(a.body, by("body"), figures)),
    captions(a.captions, by("caption")),
    a.url ? h("p", { class: "original" }, h("a", { href: a.url, rel: "noopener noreferrer", target: "_blank" }, "Đọc bài gốc trên trang của báo ↗")) : null,
    reportTables(a.reports.nodes));

  main.replaceChildren(h("div", { class: "with-side" }, article, side(a)));
}

function join(nodes, by = ", ") {
  const out = [];
  nodes.forEach((n, i) => { if (i) out.push(by); out.push(n); });
  return out;
}

// marked splits text into plain runs and links at the mentions' offsets
// (counted in Unicode code points, as the server counts them), and marks
// the figures' numbers in the sentences they came from.
function marked(text, mentions, figures) {
  const cps = Array.from(text);
  const spans = [];
  for (const m of mentions) {
    if (m.start >= 0 && m.end <= cps.length && m.start < m.end) spans.push({ start: m.start, end: m.end, mention: m });
  }
  for (const f of figures) {
    const at = figureAt(text, f);
    if (at) spans.push({ ...at, figure: f });
  }
  spans.sort((x, y) => x.start - y.start || y.end - x.end);
  const out = [];
  let pos = 0;
  for (const sp of spans) {
    if (sp.start < pos) continue; // overlaps one already drawn
    if (sp.start > pos) out.push(cps.slice(pos, sp.start).join(""));
    const s = cps.slice(sp.start, sp.end).join("");
    if (sp.mention) {
      const e = sp.mention.entity;
      out.push(h("a", { href: entityURL(e), class: "mention ent-" + e.__typename.toLowerCase(),
        title: `${TYPE_LABEL[e.__typename]}: ${entityName(e)}`, dataset: { entity: e.id } }, s));
    } else {
      const f = sp.figure;
      out.push(h("mark", { class: "figure", title: `${f.label}: ${fmtNum(f.value)} ${f.unit}${f.percent != null ? ` (${fmtNum(f.percent)}%)` : ""}` }, s));
    }
    pos = sp.end;
  }
  if (pos < cps.length) out.push(cps.slice(pos).join(""));
  return out;
}

// figureAt finds, in text, the number a figure was read from: inside its
// sentence, the value as Vietnamese writes it (49.356; 97,73; 621/638).
function figureAt(text, f) {
  if (!f.sentence) return null;
  const si = text.indexOf(f.sentence);
  if (si < 0) return null;
  const vi = (n) => {
    const [int, frac] = String(n).split(".");
    return int.replace(/\B(?=(\d{3})+(?!\d))/g, ".") + (frac ? "," + frac : "");
  };
  const candidates = [];
  if (f.total != null) candidates.push(`${vi(f.value)}/${vi(f.total)}`);
  candidates.push(vi(f.value), String(f.value));
  for (const c of candidates) {
    const re = new RegExp(`(^|[^\\d.,])(${c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")})(?![\\d]|[.,]\\d)`);
    const m = f.sentence.match(re);
    if (m) {
      const at = si + m.index + m[1].length;
      const start = Array.from(text.slice(0, at)).length;
      return { start, end: start + Array.from(m[2]).length };
    }
  }
  return null;
}

// paragraphs draws the body, one <p> per line, keeping each run's offsets.
function paragraphs(body, mentions, figures) {
  const out = [];
  let cur = [];
  const flush = () => { if (cur.length) out.push(h("p", null, ...cur)); cur = []; };
  for (const part of marked(body, mentions, figures)) {
    if (typeof part !== "string") { cur.push(part); continue; }
    const lines = part.split(/\n+/);
    lines.forEach((line, i) => {
      if (i) flush();
      if (line) cur.push(line);
    });
  }
  flush();
  return out;
}

// captions draws the photo captions with their mentions marked. A
// caption mention's offsets count in the caption that holds it, which the
// API names (Mention.caption); for a mention stored before it did (null),
// it is the first caption where the mention's sentence covers the offsets.
function captions(list, ms) {
  if (!list.length) return null;
  const own = list.map(() => []);
  for (const m of ms) {
    const i = m.caption != null && m.caption < list.length ? m.caption : list.findIndex((c) => {
      const at = c.indexOf(m.sentence);
      if (at < 0) return false;
      const s = Array.from(c.slice(0, at)).length;
      return s <= m.start && m.end <= s + Array.from(m.sentence).length;
    });
    if (i >= 0) own[i].push(m);
  }
  return h("section", { class: "captions" }, h("h2", null, "Chú thích ảnh"),
    ...list.map((c, i) => h("p", { class: "caption" }, ...marked(c, own[i], []))));
}

function reportTables(reports) {
  if (!reports.length) return null;
  return section("Báo cáo trong bài", ...reports.map((r) => h("div", { class: "report" },
    h("h3", null, entityLink({ ...r, __typename: "Report" })),
    r.resolutions.length ? h("p", null, "Về: ", ...join(r.resolutions.map((x) => entityLink({ ...x, __typename: "Resolution" })))) : null,
    figureTable(r.figures))));
}

// figureTable shows a report's figures.
export function figureTable(figures) {
  if (!figures.length) return h("p", { class: "muted" }, "Không có số liệu.");
  return h("div", { class: "table-wrap" }, h("table", { class: "figures" },
    h("thead", null, h("tr", null, ...["Chỉ tiêu", "Giá trị", "Đơn vị", "Trên tổng", "Tỉ lệ"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, ...figures.map((f) => h("tr", null,
      h("th", { scope: "row", title: f.sentence }, f.label),
      h("td", { class: "num" }, fmtNum(f.value)), h("td", null, f.unit),
      h("td", { class: "num" }, f.total != null ? fmtNum(f.total) : ""),
      h("td", { class: "num" }, f.percent != null ? fmtNum(f.percent) + "%" : ""))))));
}

// side lists the entities the article names, by kind, most named first.
function side(a) {
  const byEntity = new Map();
  for (const m of a.allMentions) {
    const e = m.entity;
    const cur = byEntity.get(e.id) || { e, n: 0 };
    cur.n++;
    byEntity.set(e.id, cur);
  }
  for (const r of a.reports.nodes) if (!byEntity.has(r.id)) byEntity.set(r.id, { e: { ...r, __typename: "Report" }, n: 0 });
  const groups = ["Person", "Organisation", "Resolution", "Report"].map((t) => {
    const items = [...byEntity.values()].filter((x) => x.e.__typename === t).sort((x, y) => y.n - x.n);
    if (!items.length) return null;
    return h("section", { class: "facet" }, h("h2", null, TYPE_LABEL[t]),
      h("ul", { class: "entity-list" }, ...items.map((x) => h("li", null, entityLink(x.e), x.n > 1 ? h("span", { class: "n", title: "số lần nhắc" }, x.n) : null))));
  }).filter(Boolean);
  const nodes = [...byEntity.keys()].slice(0, 12);
  return h("aside", { class: "side", "aria-label": "Thực thể trong bài" },
    h("p", { class: "side-title" }, `Trong bài: ${byEntity.size} thực thể`),
    ...(groups.length ? groups : [h("p", { class: "muted" }, "Chưa trích được thực thể nào.")]),
    nodes.length ? h("p", null, h("a", { href: "/network?ids=" + nodes.map(encodeURIComponent).join(","), class: "button" }, "Xem mạng quan hệ")) : null,
    h("p", null, typeBadge("Article"), " ", h("a", { href: "/search?q=" + encodeURIComponent(a.title.split(/\s+/).slice(0, 6).join(" ")) }, "Bài tương tự")));
}
