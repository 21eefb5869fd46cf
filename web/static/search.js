// The search page: one box with typeahead, results with their highlighted
// fragments, tabs by kind, facets, a date range, sort and paging by
// cursor. Everything it shows is in its URL:
//   /search?q=&type=ARTICLE&year=2020&source=&section=&person=&org=&res=&from=&to=&sort=newest&exact=1&after=&page=

import { gql, NODE_FIELDS } from "./api.js";
import {
  h, entityURL, entityName, typeBadge, highlighted, message, errorMessage, setTitle, time, typeahead,
  TYPE_LABEL, ORG_KIND, ORG_LEVEL, RES_KIND, fmtDate, fmtNum,
} from "./ui.js";

const PAGE = 20;
const TYPES = ["ARTICLE", "PERSON", "ORGANISATION", "RESOLUTION", "REPORT"];
const MULTI = { source: "sources", section: "sections", person: "people", org: "organisations", res: "resolutions" };
const FACETS = [
  ["year", "years", "Năm"],
  ["source", "sources", "Nguồn"],
  ["section", "sections", "Chuyên mục"],
  ["person", "people", "Người được nhắc"],
  ["org", "organisations", "Tổ chức được nhắc"],
  ["res", "resolutions", "Văn bản được nhắc"],
];
const SORTS = { "": "Liên quan nhất", newest: "Mới nhất", oldest: "Cũ nhất" };

const QUERY = `query Search($q: String!, $filter: SearchFilter, $sort: SearchSort, $first: Int, $after: String, $exact: Boolean, $active: [ID!]!) {
  search(query: $q, filter: $filter, sort: $sort, first: $first, after: $after, exactFacets: $exact) {
    totalCount
    ignoredWords
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      highlights { field fragments }
      node {
        ${NODE_FIELDS}
        ... on Article { section lead }
        ... on Person { aliases }
        ... on Organisation { aliases parent { name } }
        ... on Report { organisation { name } }
      }
    }
    facets {
      years { value label count } sources { value label count } sections { value label count }
      types { value label count } people { value label count } organisations { value label count }
      resolutions { value label count }
      approximate
    }
  }
  active: nodes(ids: $active) { ${NODE_FIELDS} }
}`;

// state reads the search from a URL's parameters.
function stateOf(params) {
  const s = { q: params.get("q") || "", type: params.get("type") || "", year: params.get("year") || "",
    from: params.get("from") || "", to: params.get("to") || "", sort: params.get("sort") || "", exact: params.get("exact") === "1" ? "1" : "",
    after: params.get("after") || "", page: Math.max(1, parseInt(params.get("page"), 10) || 1) };
  for (const k of Object.keys(MULTI)) s[k] = params.getAll(k).filter(Boolean);
  if (!TYPES.includes(s.type)) s.type = "";
  if (!(s.sort in SORTS)) s.sort = "";
  return s;
}

// urlOf writes a search as a URL; change overrides fields of s, and any
// change but paging goes back to the first page.
function urlOf(s, change = {}) {
  const n = { ...s, after: "", page: 1, ...change };
  const p = new URLSearchParams();
  for (const k of ["q", "type", "year", "from", "to", "sort", "exact"]) if (n[k]) p.set(k, n[k]);
  for (const k of Object.keys(MULTI)) for (const v of n[k]) p.append(k, v);
  if (n.after) { p.set("after", n.after); p.set("page", n.page); }
  const qs = p.toString();
  return "/search" + (qs ? "?" + qs : "");
}

function hasFilters(s) {
  return !!(s.type || s.year || s.from || s.to || Object.keys(MULTI).some((k) => s[k].length));
}

// filterOf builds the SearchFilter; typed tells whether to restrict types
// (the type tabs count over all types).
function filterOf(s) {
  const f = {};
  if (s.type) f.types = [s.type];
  let from = s.from, to = s.to;
  if (/^\d{4}$/.test(s.year)) {
    if (!from || from < s.year + "-01-01") from = s.year + "-01-01";
    if (!to || to > s.year + "-12-31") to = s.year + "-12-31";
  }
  if (from) f.publishedFrom = from + "T00:00:00+07:00";
  if (to) f.publishedTo = to + "T23:59:59+07:00";
  for (const [k, field] of Object.entries(MULTI)) if (s[k].length) f[field] = s[k];
  return f;
}

export async function render(main, ctx) {
  const input = h("input", { id: "q", name: "q", type: "search", class: "q", placeholder: "Ví dụ: nghị quyết tỉnh ủy, Trần Ngọc Tam, 05-CT/TW",
    spellcheck: "false", enterkeyhint: "search" });
  const form = h("form", { role: "search", class: "searchbox", action: "/search" },
    h("label", { for: "q", class: "visually-hidden" }, "Tìm bài báo, người, tổ chức, văn bản"),
    h("div", { class: "combo" }, input),
    h("button", { type: "submit" }, "Tìm"));
  const tabs = h("nav", { class: "tabs", "aria-label": "Loại kết quả" });
  const side = h("aside", { class: "filters", "aria-label": "Bộ lọc" });
  const status = h("div", { class: "status", role: "status", "aria-live": "polite" });
  const notices = h("div", { class: "notices" });
  const active = h("div", { class: "active-filters" });
  const results = h("ol", { class: "results", id: "results", "aria-label": "Kết quả" });
  const pager = h("nav", { class: "pager", "aria-label": "Trang kết quả" });
  const body = h("div", { class: "results-col" }, status, notices, active, results, pager);
  main.replaceChildren(h("h1", { class: "visually-hidden" }, "Tìm kiếm"), form, tabs, h("div", { class: "search-layout" }, side, body));

  let s = stateOf(ctx.params);
  let ctrl = null;
  let seq = 0;

  // run fetches the search s and draws it, unless a later one started.
  async function run() {
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    const mine = ++seq;
    const want = { ...s };
    setTitle(want.q ? `«${want.q}»` : "", "Tìm kiếm");
    results.setAttribute("aria-busy", "true");
    const ids = [...want.person, ...want.org, ...want.res];
    let ext = {};
    try {
      const d = await gql(QUERY, {
        q: want.q, filter: filterOf(want), sort: want.sort ? want.sort.toUpperCase() : null,
        first: PAGE, after: want.after || null, exact: want.exact ? true : null, active: ids,
      }, { signal: ctrl.signal, extensions: (x) => { ext = x; } });
      if (mine !== seq) return;
      draw(want, d, ext);
    } catch (e) {
      if (e.name === "AbortError" || mine !== seq) return;
      results.replaceChildren();
      pager.replaceChildren();
      tabs.replaceChildren();
      side.replaceChildren();
      active.replaceChildren();
      notices.replaceChildren();
      status.replaceChildren(errorMessage(e));
      results.dataset.state = "error";
    } finally {
      if (mine === seq) results.removeAttribute("aria-busy");
    }
  }

  function draw(want, d, ext) {
    const r = d.search;
    const labels = {};
    for (const n of d.active) if (n) labels[n.id] = entityName(n);
    for (const [, field] of FACETS) for (const b of r.facets[field]) labels[b.value] = labels[b.value] || b.label;

    drawTabs(want, r.facets.types);
    drawFacets(want, r.facets);
    drawActive(want, labels);

    const from = (want.page - 1) * PAGE + 1;
    const what = want.q ? `cho «${want.q}»` : hasFilters(want) ? "" : "— bài mới nhất";
    status.replaceChildren(r.totalCount
      ? h("p", { class: "count" }, h("strong", null, fmtNum(r.totalCount)), ` kết quả ${what}`,
        r.totalCount > PAGE ? ` · ${fmtNum(from)}–${fmtNum(from + r.edges.length - 1)}` : "")
      : emptyState(want));
    notices.replaceChildren(...notesOf(want, r, ext));
    results.replaceChildren(...r.edges.map((e) => hit(e)));
    results.dataset.state = "done";
    results.dataset.q = want.q;
    results.dataset.key = urlOf(want, { after: want.after, page: want.page });
    drawPager(want, r);
  }

  // notesOf tells what the server said of the answer: words of the query
  // it did not search for, the index still being built.
  function notesOf(want, r, ext) {
    const out = [];
    if (r.ignoredWords > 0) {
      out.push(message("info", `Câu tìm quá dài: ${fmtNum(r.ignoredWords)} từ cuối không được tìm.`,
        h("p", null, "Máy chủ chỉ tìm tối đa 32 từ khác nhau (64 từ, 2.000 byte) của một câu tìm; hãy rút gọn, hoặc dùng cụm từ trong ngoặc kép.")));
    }
    const ix = ext.searchIndex;
    if (ix && ix.complete === false) {
      out.push(message("info", "Chỉ mục tìm kiếm của máy chủ đang được xây dựng",
        h("p", null, "Kết quả chỉ lấy từ phần đã xong", ix.total ? ` (${fmtNum(ix.built || 0)}/${fmtNum(ix.total)} mục)` : "",
          ", nên có thể còn thiếu. Hãy tìm lại sau ít phút.")));
    }
    out.forEach((m) => m.classList.add("notice"));
    return out;
  }

  function emptyState(want) {
    const tips = [h("li", null, "Kiểm tra chính tả, hoặc gõ không dấu: «nghi quyet»."),
      h("li", null, "Dùng ít từ hơn, hoặc bỏ dấu ngoặc kép của cụm từ.")];
    if (hasFilters(want)) tips.unshift(h("li", null, h("a", { href: urlOf({ ...want, ...clearFilters() }) }, "Bỏ hết bộ lọc"), " để tìm trong toàn bộ kho."));
    return message("empty", want.q ? `Không tìm thấy kết quả nào cho «${want.q}».` : "Không có kết quả nào với bộ lọc này.",
      h("ul", null, ...tips));
  }

  function drawTabs(want, types) {
    const counts = Object.fromEntries(types.map((b) => [b.value, b.count]));
    const total = types.reduce((n, b) => n + b.count, 0);
    const tab = (type, label, n) => h("a", { href: urlOf(want, { type }), class: "tab", "aria-current": want.type === type ? "page" : null },
      label, " ", h("span", { class: "n" }, fmtNum(n || 0)));
    tabs.replaceChildren(tab("", "Tất cả", total), ...TYPES.map((t) => tab(t, TYPE_LABEL[t], counts[t])));
  }

  function drawFacets(want, facets) {
    const dates = h("form", { class: "dates", onsubmit: (e) => {
      e.preventDefault();
      const fd = new FormData(e.target);
      ctx.navigate(urlOf(want, { from: fd.get("from") || "", to: fd.get("to") || "", year: "" }));
    } },
    h("fieldset", null, h("legend", null, "Ngày đăng"),
      h("label", { for: "from" }, "Từ ngày"), h("input", { id: "from", name: "from", type: "date", value: want.from || null }),
      h("label", { for: "to" }, "Đến ngày"), h("input", { id: "to", name: "to", type: "date", value: want.to || null }),
      h("button", { type: "submit" }, "Lọc theo ngày")));
    const sort = h("select", { id: "sort", onchange: (e) => ctx.navigate(urlOf(want, { sort: e.target.value })) },
      ...Object.entries(SORTS).map(([v, l]) => h("option", { value: v, selected: want.sort === v }, l)));
    const ENTITY = ["person", "org", "res"];
    const groups = FACETS.map(([param, field, title]) => {
      const buckets = facets[field];
      if (!buckets.length) return null;
      const approx = facets.approximate && ENTITY.includes(param);
      const selected = param === "year" ? (want.year ? [want.year] : []) : want[param];
      return h("section", { class: "facet" }, h("h2", null, title),
        h("ul", null, ...buckets.map((b) => {
          const on = selected.includes(b.value);
          let next;
          if (param === "year") next = { year: on ? "" : b.value, from: "", to: "" };
          else next = { [param]: on ? selected.filter((v) => v !== b.value) : [...selected, b.value] };
          return h("li", null, h("a", { href: urlOf(want, next), class: "facet-item", "aria-current": on ? "true" : null,
            dataset: { facet: param, value: b.value } },
          h("span", { class: "facet-label" }, b.label),
          h("span", { class: "n", title: approx ? "ước lượng" : null }, approx ? "≈" + fmtNum(b.count) : fmtNum(b.count))));
        })));
    });
    const approxNote = facets.approximate ? h("p", { class: "approx-note muted" },
      "Số đếm người, tổ chức, văn bản được nhắc (≈) là ước lượng trên một mẫu kết quả. ",
      h("a", { href: urlOf(want, { exact: "1" }) }, "Đếm chính xác")) : null;
    side.replaceChildren(
      h("div", { class: "sort" }, h("label", { for: "sort" }, "Sắp xếp"), sort),
      dates, approxNote, ...groups);
  }

  function drawActive(want, labels) {
    const chips = [];
    const chip = (label, change) => chips.push(h("li", null, h("a", { href: urlOf(want, change), class: "chip", "aria-label": `Bỏ lọc ${label}` }, label, h("span", { "aria-hidden": "true" }, " ×"))));
    if (want.type) chip(`Loại: ${TYPE_LABEL[want.type]}`, { type: "" });
    if (want.year) chip(`Năm: ${want.year}`, { year: "" });
    if (want.from) chip(`Từ ${fmtDate(want.from)}`, { from: "" });
    if (want.to) chip(`Đến ${fmtDate(want.to)}`, { to: "" });
    const names = { source: "Nguồn", section: "Chuyên mục", person: "Người", org: "Tổ chức", res: "Văn bản" };
    for (const k of Object.keys(MULTI)) {
      for (const v of want[k]) chip(`${names[k]}: ${labels[v] || v}`, { [k]: want[k].filter((x) => x !== v) });
    }
    if (!chips.length) { active.replaceChildren(); return; }
    active.replaceChildren(h("span", { class: "muted" }, "Đang lọc:"), h("ul", { class: "chips" }, ...chips),
      chips.length > 1 ? h("a", { href: urlOf(want, clearFilters()), class: "clear" }, "Bỏ hết") : null);
  }

  function drawPager(want, r) {
    const links = [];
    if (want.after) {
      const prev = sessionStorage.getItem("prev:" + want.after);
      const back = prev ? { after: prev, page: want.page - 1 } : {};
      links.push(h("a", { href: urlOf(want, back), rel: "prev", class: "button" }, "← Trang trước"));
    }
    if (want.after || r.pageInfo.hasNextPage) links.push(h("span", { class: "muted" }, `Trang ${want.page}`));
    if (r.pageInfo.hasNextPage) {
      const next = r.pageInfo.endCursor;
      links.push(h("a", { href: urlOf(want, { after: next, page: want.page + 1 }), rel: "next", class: "button",
        onclick: () => sessionStorage.setItem("prev:" + next, want.after) }, "Trang sau →"));
    }
    pager.replaceChildren(...links);
  }

  // Typing searches at once; the URL follows without adding history.
  const closeSuggest = typeahead(input, { onPick: (sg) => ctx.navigate(entityURL(sg.node)) });
  input.addEventListener("input", () => {
    s = { ...s, q: input.value, after: "", page: 1 };
    ctx.setURL(urlOf(s));
    run();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    closeSuggest();
    ctx.navigate(urlOf(s, { q: input.value }));
  });

  input.value = s.q;
  if (!s.q) input.focus();
  run();
  return {
    update(c) {
      s = stateOf(c.params);
      if (input.value !== s.q) input.value = s.q;
      run();
    },
    cleanup() { if (ctrl) ctrl.abort(); },
  };
}

function clearFilters() {
  return { type: "", year: "", from: "", to: "", source: [], section: [], person: [], org: [], res: [] };
}

// hit draws one search result.
function hit(edge) {
  const n = edge.node;
  const hl = Object.fromEntries(edge.highlights.map((x) => [x.field, x.fragments]));
  const url = entityURL(n);
  const titleField = n.__typename === "Person" || n.__typename === "Organisation" ? "name" : "title";
  const title = hl[titleField] && hl[titleField].length ? highlighted(hl[titleField][0]) : [entityName(n)];
  const meta = [];
  switch (n.__typename) {
    case "Article":
      meta.push(n.source, time(n.publishedAt), n.section);
      break;
    case "Organisation":
      meta.push(ORG_KIND[n.orgKind], ORG_LEVEL[n.level] && `cấp ${ORG_LEVEL[n.level].toLowerCase()}`, n.parent && `thuộc ${n.parent.name}`);
      break;
    case "Person":
      if (n.aliases && n.aliases.length) meta.push("còn gọi là " + n.aliases.join(", "));
      break;
    case "Resolution":
      meta.push(RES_KIND[n.kind], n.code && n.title, n.issuedOn && time(n.issuedOn));
      break;
    case "Report":
      meta.push(n.organisation && n.organisation.name, n.periodStart && `${fmtDate(n.periodStart)}–${fmtDate(n.periodEnd)}`);
      break;
  }
  const frags = [];
  for (const [field, fs] of Object.entries(hl)) {
    if (field === titleField) continue;
    for (const f of fs.slice(0, 2)) frags.push(h("p", { class: "frag", dataset: { field } }, ...highlighted(f)));
  }
  if (!frags.length && n.__typename === "Article" && n.lead) frags.push(h("p", { class: "frag" }, n.lead.slice(0, 240)));
  const sep = [];
  meta.filter(Boolean).forEach((m, i) => { if (i) sep.push(" · "); sep.push(m); });
  return h("li", { class: "hit", dataset: { type: n.__typename } },
    h("div", { class: "hit-head" }, typeBadge(n.__typename), " ",
      h("a", { href: url, class: "hit-title" }, ...title)),
    sep.length ? h("p", { class: "meta" }, ...sep) : null,
    ...frags);
}
