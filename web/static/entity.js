// Pages of a person, an organisation, a resolution and a report: what is
// known of it, the articles that mention it (newest first, paged by the
// URL's `after`), its timeline, mentions per year, and related entities.

import { gql } from "./api.js";
import {
  h, entityLink, entityName, entityURL, typeBadge, message, errorMessage, setTitle, time, section, fmtDate, fmtNum,
  barChart, positionTitle, TYPE_LABEL, ORG_KIND, ORG_LEVEL, RES_KIND,
} from "./ui.js";
import { figureTable } from "./article.js";

const MENTIONS = 10;
const TYPENAME = { person: "Person", organisation: "Organisation", resolution: "Resolution", report: "Report" };
const FILTER = { Person: "people", Organisation: "organisations", Resolution: "resolutions" };
const SEARCH_PARAM = { Person: "person", Organisation: "org", Resolution: "res" };

const POSITION = `id title qualifier former term startedOn endedOn person { id name } organisation { id name } article { id title publishedAt }`;
const MENTION_PAGE = `mentions(first: ${MENTIONS}, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { sentence article { id title source publishedAt } } }`;
const FIGURES = `figures { label value unit total percent sentence }`;

const FIELDS = {
  Person: `name aliases
    positions(first: 100) { totalCount nodes { ${POSITION} } }
    articles(first: 10) { totalCount nodes { id title publishedAt } }
    ${MENTION_PAGE}`,
  Organisation: `name aliases kind level
    parent { id name parent { id name } }
    children(first: 100) { totalCount nodes { id name kind } }
    positions(first: 100) { totalCount nodes { ${POSITION} } }
    resolutions(first: 50) { totalCount nodes { id code title kind issuedOn } }
    reports(first: 20) { totalCount nodes { id title periodStart periodEnd article { id title } } }
    ${MENTION_PAGE}`,
  Resolution: `code kind number title summary issuedOn
    issuer { id name }
    links { relation from { id code title kind } to { id code title kind } }
    reports(first: 20) { totalCount nodes { id title periodStart periodEnd organisation { id name } article { id title publishedAt } ${FIGURES} } }
    ${MENTION_PAGE}`,
  Report: `title periodStart periodEnd
    organisation { id name }
    resolutions { id code title kind }
    ${FIGURES}
    article { id title source publishedAt url }`,
};

function query(typename) {
  const years = FILTER[typename]
    ? `years: search(query: "", filter: { types: [ARTICLE], ${FILTER[typename]}: [$id] }, first: 0) { totalCount facets { years { value count } } }`
    : "";
  const vars = FIELDS[typename].includes("$after") ? "$id: ID!, $after: String" : "$id: ID!";
  return `query Entity(${vars}) {
    node(id: $id) { __typename id ... on ${typename} { ${FIELDS[typename]} } }
    ${years}
  }`;
}

// EXPLORE asks the relationship graph, which the server reloads a few
// seconds after a change: an entity added a moment ago is not in it yet,
// and its page is drawn without.
const EXPLORE = `query EntityGraph($id: ID!) {
    timeline(id: $id, first: 100) {
      totalCount nodes { at kind sentence
        article { id title } position { title qualifier person { id name } organisation { id name } }
        resolution { id code title kind } report { id title } }
    }
    related(id: $id, first: 24) { totalCount nodes { label weight kinds node { __typename ... on Node { id } } } }
  }`;

export async function render(main, ctx) {
  const typename = TYPENAME[ctx.match[1]];
  const id = decodeURIComponent(ctx.match[2]);
  const after = ctx.params.get("after") || null;
  const page = Math.max(1, parseInt(ctx.params.get("page"), 10) || 1);
  main.replaceChildren(h("p", { class: "muted", role: "status" }, "Đang tải…"));
  let d, g;
  const explored = gql(EXPLORE, { id }, { signal: ctx.signal }).catch((e) => e);
  try {
    d = await gql(query(typename), { id, after }, { signal: ctx.signal });
    g = await explored;
    if (g.name === "AbortError") throw g;
    if (g instanceof Error) g = { timeline: null, related: null };
  } catch (e) {
    if (e.name === "AbortError") throw e;
    if (e.code === "NOT_FOUND" || e.code === "BAD_USER_INPUT") return notFound(main, typename, e);
    main.replaceChildren(h("h1", null, "Không mở được trang"), errorMessage(e));
    return;
  }
  const n = d.node;
  if (!n || n.__typename !== typename) return notFound(main, typename);
  const name = entityName(n);
  setTitle(name, TYPE_LABEL[typename]);

  const head = h("header", { class: "entity-head" }, typeBadge(typename),
    h("h1", null, name),
    subtitle(n),
    n.aliases && n.aliases.length ? h("p", null, "Tên khác: ", n.aliases.join("; ")) : null,
    h("p", { class: "actions" },
      h("a", { href: `/network?ids=${encodeURIComponent(id)}`, class: "button" }, "Mạng quan hệ"),
      SEARCH_PARAM[typename] ? h("a", { href: `/search?${SEARCH_PARAM[typename]}=${encodeURIComponent(id)}&sort=newest`, class: "button" }, "Tìm bài nhắc tới") : null));

  const mainCol = h("div", { class: "entity-main" }, ...details(n), d.node.mentions ? mentions(n, id, typename, page, after) : null,
    timeline(g.timeline));
  const side = h("aside", { class: "side", "aria-label": "Tóm tắt" },
    d.years ? yearsChart(d.years) : null, related(g.related));
  main.replaceChildren(head, h("div", { class: "with-side" }, mainCol, side));
}

function notFound(main, typename, err) {
  setTitle("Không tìm thấy");
  main.replaceChildren(h("h1", null, `Không tìm thấy ${TYPE_LABEL[typename].toLowerCase()}`),
    message("empty", "Không có mục nào với mã này; có thể nó đã bị xóa hoặc gộp vào mục khác.",
      err ? h("p", null, err.message) : null, h("p", null, h("a", { href: "/" }, "Về trang tìm kiếm"))));
}

function subtitle(n) {
  const bits = [];
  switch (n.__typename) {
    case "Organisation":
      bits.push(ORG_KIND[n.kind], ORG_LEVEL[n.level] && `cấp ${ORG_LEVEL[n.level].toLowerCase()}`);
      break;
    case "Resolution":
      bits.push(RES_KIND[n.kind], n.issuedOn && `ban hành ${fmtDate(n.issuedOn)}`);
      break;
    case "Report":
      if (n.periodStart || n.periodEnd) bits.push(`kỳ ${fmtDate(n.periodStart)}–${fmtDate(n.periodEnd)}`);
      break;
  }
  const b = bits.filter(Boolean);
  return b.length ? h("p", { class: "meta" }, b.join(" · ")) : null;
}

function details(n) {
  switch (n.__typename) {
    case "Person":
      return [positions(n.positions.nodes, "person"),
        n.articles.totalCount ? section(`Bài đã viết (${fmtNum(n.articles.totalCount)})`, articleList(n.articles.nodes)) : null];
    case "Organisation":
      return [orgTree(n), positions(n.positions.nodes, "organisation"),
        n.resolutions.totalCount ? section(`Văn bản ban hành (${fmtNum(n.resolutions.totalCount)})`,
          h("ul", null, ...n.resolutions.nodes.map((r) => h("li", null, entityLink({ ...r, __typename: "Resolution" }), r.issuedOn ? [" · ", time(r.issuedOn)] : null)))) : null,
        n.reports.totalCount ? section(`Báo cáo (${fmtNum(n.reports.totalCount)})`,
          h("ul", null, ...n.reports.nodes.map((r) => h("li", null, entityLink({ ...r, __typename: "Report" }))))) : null];
    case "Resolution":
      return [resolutionFacts(n), resolutionReports(n.reports)];
    case "Report":
      return [reportFacts(n), section("Số liệu", figureTable(n.figures))];
  }
  return [];
}

// positions lists the positions held now, then those held before (named
// "nguyên" or "cựu" by the article, or ended), each with the other side
// (the organisation on a person's page, the person on an organisation's),
// its term and dates, and the article that reported it.
function positions(list, on) {
  if (!list.length) return section("Chức vụ", h("p", { class: "muted" }, "Chưa ghi nhận chức vụ nào."));
  const today = new Date().toISOString().slice(0, 10);
  const held = (p) => !p.former && !(p.endedOn && p.endedOn <= today);
  const dated = list.some((p) => p.startedOn || p.endedOn); // else no date columns
  const cols = ["Chức vụ", on === "person" ? "Tổ chức" : "Người", "Nhiệm kỳ", ...(dated ? ["Từ", "Đến"] : []), "Nguồn"];
  const table = (rows, current, caption) => h("div", { class: "table-wrap" }, h("table", { class: "positions " + (current ? "current" : "former") },
    h("caption", null, caption),
    h("thead", null, h("tr", null, ...cols.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, ...rows.map((p) => h("tr", null,
      h("th", { scope: "row" }, positionTitle(p)),
      h("td", null, on === "person" ? entityLink({ ...p.organisation, __typename: "Organisation" }) : entityLink({ ...p.person, __typename: "Person" })),
      h("td", null, p.term || ""),
      dated ? h("td", null, time(p.startedOn) || "") : null,
      dated ? h("td", null, time(p.endedOn) || "") : null,
      h("td", null, p.article ? entityLink({ ...p.article, __typename: "Article" }, fmtDate(p.article.publishedAt) || "bài báo") : ""))))));
  const now = list.filter(held);
  const before = list.filter((p) => !held(p));
  return section(`Chức vụ (${list.length})`,
    now.length ? table(now, true, `Đương nhiệm (${now.length})`) : h("p", { class: "muted" }, "Không có chức vụ đương nhiệm trong dữ liệu."),
    before.length ? table(before, false, `Đã thôi giữ (${before.length})`) : null);
}

function orgTree(n) {
  const chain = [];
  for (let p = n.parent; p; p = p.parent) chain.unshift(p);
  return section("Cơ cấu",
    chain.length ? h("p", null, "Trực thuộc: ", ...chain.flatMap((p, i) => [i ? " › " : "", entityLink({ ...p, __typename: "Organisation" })])) : h("p", { class: "muted" }, "Không có tổ chức cấp trên trong dữ liệu."),
    n.children.totalCount ? [h("p", null, `Tổ chức trực thuộc (${fmtNum(n.children.totalCount)}):`),
      h("ul", { class: "columns" }, ...n.children.nodes.map((c) => h("li", null, entityLink({ ...c, __typename: "Organisation" }))))] : null);
}

function resolutionFacts(n) {
  const rows = [["Số hiệu", n.code || "—"], ["Loại", RES_KIND[n.kind]], ["Trích yếu", n.title || "—"],
    ["Cơ quan ban hành", n.issuer ? entityLink({ ...n.issuer, __typename: "Organisation" }) : "—"],
    ["Ngày ban hành", n.issuedOn ? time(n.issuedOn) : "—"]];
  if (n.summary) rows.push(["Tóm tắt", n.summary]);
  const rel = { IMPLEMENTS: "thực hiện", AMENDS: "sửa đổi", REPLACES: "thay thế" };
  return section("Thông tin văn bản", facts(rows),
    n.links.length ? h("ul", null, ...n.links.map((l) => h("li", null,
      entityLink({ ...l.from, __typename: "Resolution" }), ` ${rel[l.relation]} `, entityLink({ ...l.to, __typename: "Resolution" })))) : null);
}

function resolutionReports(reports) {
  if (!reports.totalCount) return section("Báo cáo thực hiện", h("p", { class: "muted" }, "Chưa có báo cáo nào về văn bản này."));
  return section(`Báo cáo thực hiện (${fmtNum(reports.totalCount)})`, ...reports.nodes.map((r) => h("div", { class: "report" },
    h("h3", null, entityLink({ ...r, __typename: "Report" })),
    h("p", { class: "meta" }, ...[r.organisation && entityLink({ ...r.organisation, __typename: "Organisation" }),
      r.article && entityLink({ ...r.article, __typename: "Article" }, `${r.article.title}${r.article.publishedAt ? ", " + fmtDate(r.article.publishedAt) : ""}`)]
      .filter(Boolean).flatMap((x, i) => (i ? [" · ", x] : [x]))),
    figureTable(r.figures))));
}

function reportFacts(n) {
  return section("Thông tin báo cáo", facts([
    ["Tổ chức báo cáo", n.organisation ? entityLink({ ...n.organisation, __typename: "Organisation" }) : "—"],
    ["Về văn bản", n.resolutions.length ? n.resolutions.flatMap((r, i) => [i ? ", " : "", entityLink({ ...r, __typename: "Resolution" })]) : "—"],
    ["Kỳ báo cáo", n.periodStart || n.periodEnd ? `${fmtDate(n.periodStart)}–${fmtDate(n.periodEnd)}` : "—"],
    ["Bài báo", n.article ? entityLink({ ...n.article, __typename: "Article" }) : "—"],
  ]));
}

function facts(rows) {
  return h("dl", { class: "facts" }, ...rows.flatMap(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
}

function articleList(list) {
  return h("ul", null, ...list.map((a) => h("li", null, entityLink({ ...a, __typename: "Article" }), a.publishedAt ? [" · ", time(a.publishedAt)] : null)));
}

// mentions lists the sentences that mention the entity, newest article
// first, a page at a time; the page is in the URL.
function mentions(n, id, typename, page, after) {
  const m = n.mentions;
  const base = `/${typename.toLowerCase()}/${encodeURIComponent(id)}`;
  const pager = [];
  if (after) {
    const prev = sessionStorage.getItem("prev:" + after);
    pager.push(h("a", { href: prev ? `${base}?after=${encodeURIComponent(prev)}&page=${page - 1}` : base, rel: "prev", class: "button" }, "← Mới hơn"));
  }
  if (m.pageInfo.hasNextPage) {
    const next = m.pageInfo.endCursor;
    pager.push(h("a", { href: `${base}?after=${encodeURIComponent(next)}&page=${page + 1}`, rel: "next", class: "button",
      onclick: () => sessionStorage.setItem("prev:" + next, after || "") }, "Cũ hơn →"));
  }
  const from = (page - 1) * MENTIONS + 1;
  return section(`Được nhắc tới (${fmtNum(m.totalCount)} lần)`,
    m.totalCount ? h("p", { class: "muted" }, `Mới nhất trước · ${fmtNum(from)}–${fmtNum(from + m.nodes.length - 1)}`) : h("p", { class: "muted" }, "Chưa bài nào nhắc tới."),
    h("ol", { class: "mentions", start: from }, ...m.nodes.map((x) => h("li", null,
      h("blockquote", null, x.sentence),
      h("p", { class: "meta" }, entityLink({ ...x.article, __typename: "Article" }), x.article.source ? ` · ${x.article.source}` : "",
        x.article.publishedAt ? [" · ", time(x.article.publishedAt)] : null)))),
    pager.length ? h("nav", { class: "pager", "aria-label": "Trang nhắc tới" }, ...pager) : null);
}

const EVENT = {
  position_started: "Nhận chức", position_ended: "Thôi chức", resolution_issued: "Ban hành", report_published: "Báo cáo",
  authored: "Viết bài", published: "Đăng bài", mentioned: "Được nhắc",
};

// timeline lists the entity's dated events, oldest first: the articles
// that mention it, and its positions, resolutions and reports in bold.
function timeline(t) {
  if (!t) return section("Dòng thời gian", h("p", { class: "muted" }, UNEXPLORED));
  if (!t.totalCount) return null;
  const more = t.totalCount > t.nodes.length ? h("p", { class: "muted" }, `${fmtNum(t.nodes.length)} sự kiện đầu tiên; các bài nhắc tới mới hơn ở mục trên.`) : null;
  return section(`Dòng thời gian (${fmtNum(t.totalCount)} sự kiện)`, more, h("ol", { class: "timeline" }, ...t.nodes.map((e) => {
    const what = [];
    if (e.position) what.push(positionTitle(e.position), " · ", entityLink({ ...e.position.person, __typename: "Person" }), " · ", entityLink({ ...e.position.organisation, __typename: "Organisation" }));
    if (e.resolution) what.push(entityLink({ ...e.resolution, __typename: "Resolution" }));
    if (e.report) what.push(entityLink({ ...e.report, __typename: "Report" }));
    if (e.article && !e.report) what.push(what.length ? " · " : "", entityLink({ ...e.article, __typename: "Article" }));
    return h("li", { class: e.kind === "mentioned" ? "ev-mention" : "ev-fact" }, time(e.at), " ", h("strong", null, EVENT[e.kind] || e.kind), ": ", ...what);
  })));
}

function yearsChart(years) {
  const buckets = [...years.facets.years].sort((a, b) => a.value.localeCompare(b.value)).map((b) => ({ label: b.value, count: b.count }));
  return h("section", { class: "facet" }, h("h2", null, "Số bài nhắc tới theo năm"),
    buckets.length ? barChart(buckets, "Số bài nhắc tới theo năm") : h("p", { class: "muted" }, "Chưa có bài nào."),
    h("p", { class: "muted" }, `Tổng: ${fmtNum(years.totalCount)} bài`));
}

const KIND = {
  mentioned_together: "cùng được nhắc", position: "chức vụ", parent: "cấp trên/dưới", issued_by: "ban hành",
  reports_on: "báo cáo về", mentions: "nhắc tới", authored: "tác giả",
};

const UNEXPLORED = "Chưa có: mục mới thêm được đưa vào mạng quan hệ sau ít giây; hãy tải lại trang.";

function related(r) {
  if (!r) return h("section", { class: "facet" }, h("h2", null, "Liên quan"), h("p", { class: "muted" }, UNEXPLORED));
  if (!r.totalCount) return h("section", { class: "facet" }, h("h2", null, "Liên quan"), h("p", { class: "muted" }, "Chưa có."));
  const max = Math.max(...r.nodes.map((x) => x.weight), 1);
  return h("section", { class: "facet" }, h("h2", null, `Liên quan (${fmtNum(r.totalCount)})`),
    h("ul", { class: "related" }, ...r.nodes.map((x) => h("li", null,
      h("a", { href: entityURL(x.node), class: "ent ent-" + x.node.__typename.toLowerCase() }, x.label),
      h("span", { class: "weight", title: `${x.weight} bài cùng nhắc` },
        h("span", { class: "bar", style: `width:${Math.round((60 * x.weight) / max)}px` }), " ", x.weight),
      h("span", { class: "kinds" }, x.kinds.map((k) => KIND[k] || k).join(", "))))));
}
