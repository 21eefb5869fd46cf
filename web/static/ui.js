// Small DOM helpers shared by the pages: building elements, formatting,
// links to entities, messages, and the typeahead box.

import { suggest } from "./api.js";

// h builds an element: h("a", {href: "/"}, "text", child...). Attributes
// starting with "on" are listeners; null and false are skipped.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

// Vietnamese names of the entity types, singular and plural.
export const TYPE_LABEL = {
  ARTICLE: "Bài báo", PERSON: "Người", ORGANISATION: "Tổ chức", RESOLUTION: "Văn bản", REPORT: "Báo cáo",
  Article: "Bài báo", Person: "Người", Organisation: "Tổ chức", Resolution: "Văn bản", Report: "Báo cáo",
};

export const ORG_KIND = {
  PARTY_COMMITTEE: "Cấp ủy Đảng", STANDING_COMMITTEE: "Ban Thường vụ", PARTY_ORGANISATION: "Tổ chức Đảng",
  GOVERNMENT: "Chính quyền", PEOPLES_COUNCIL: "Hội đồng nhân dân", FRONT: "Mặt trận", MASS_ORGANISATION: "Đoàn thể",
  PRESS: "Báo chí", OTHER: "Khác",
};

export const ORG_LEVEL = { CENTRAL: "Trung ương", PROVINCE: "Tỉnh", DISTRICT: "Huyện", COMMUNE: "Xã", OTHER: "Khác" };

export const RES_KIND = {
  NGHI_QUYET: "Nghị quyết", CHI_THI: "Chỉ thị", KET_LUAN: "Kết luận", QUY_DINH: "Quy định", QUYET_DINH: "Quyết định",
  HUONG_DAN: "Hướng dẫn", KE_HOACH: "Kế hoạch", NGHI_DINH: "Nghị định", THONG_TU: "Thông tư", LUAT: "Luật", OTHER: "Văn bản",
};

const PATHS = { Article: "article", Person: "person", Organisation: "organisation", Resolution: "resolution", Report: "report" };

// entityURL is the app's page of a node (with __typename and id).
export function entityURL(node) {
  const p = node && PATHS[node.__typename];
  return p ? `/${p}/${encodeURIComponent(node.id)}` : null;
}

// entityName is what to call a node in a list.
export function entityName(node) {
  if (!node) return "";
  switch (node.__typename) {
    case "Person":
    case "Organisation":
      return node.name;
    case "Resolution":
      return node.code ? `${RES_KIND[node.kind] || ""} ${node.code}`.trim() : node.title;
    default:
      return node.title || node.name || node.id;
  }
}

// entityLink is a link to a node's page, with a class naming its type.
export function entityLink(node, text) {
  const url = entityURL(node);
  const label = text || entityName(node);
  if (!url) return h("span", null, label);
  return h("a", { href: url, class: "ent ent-" + node.__typename.toLowerCase() }, label);
}

const QUALIFIER = { FORMER: "nguyên", ACTING: "quyền" };

// positionTitle is a title as the article qualified it ("nguyên Bí thư",
// "quyền Chủ tịch"), the qualifier marked.
export function positionTitle(p) {
  const q = QUALIFIER[p.qualifier];
  return q ? [h("span", { class: "qualifier q-" + p.qualifier.toLowerCase() }, q), " ", p.title] : p.title;
}

export function typeBadge(typename) {
  return h("span", { class: "badge badge-" + String(typename).toLowerCase() }, TYPE_LABEL[typename] || typename);
}

const dateFmt = new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Asia/Ho_Chi_Minh" });
const numFmt = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

// fmtDate shows a DateTime or a Date as dd/mm/yyyy.
export function fmtDate(s) {
  if (!s) return "";
  const d = new Date(s.length === 10 ? s + "T12:00:00+07:00" : s);
  return isNaN(d) ? s : dateFmt.format(d);
}

export function fmtNum(n) {
  return n == null ? "" : numFmt.format(n);
}

export function time(s) {
  return s ? h("time", { datetime: s }, fmtDate(s)) : null;
}

// textOf decodes the character references of HTML-escaped text (what the
// server escapes: &amp; &lt; &gt; &quot; &#39; and numeric ones). It never
// parses HTML, so nothing in it can become markup.
const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
function textOf(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, ref) => {
    if (ref[0] !== "#") return NAMED[ref.toLowerCase()] ?? m;
    const cp = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

// highlighted renders a search fragment ("…<mark>nghị quyết</mark>…",
// the rest HTML-escaped) as text and <mark> elements, never as HTML.
export function highlighted(fragment) {
  const out = [];
  const parts = fragment.split(/(<mark>|<\/mark>)/);
  let inMark = false;
  for (const p of parts) {
    if (p === "<mark>") inMark = true;
    else if (p === "</mark>") inMark = false;
    else if (p) out.push(inMark ? h("mark", null, textOf(p)) : textOf(p));
  }
  return out;
}

// message is an alert box: kind is "error", "info" or "empty".
export function message(kind, title, ...body) {
  return h("div", { class: "msg msg-" + kind, role: kind === "error" ? "alert" : "status" },
    h("p", { class: "msg-title" }, title), body.length ? h("div", null, ...body) : null);
}

// errorMessage explains an API error to a journalist.
export function errorMessage(err) {
  if (err && err.name === "AbortError") return null;
  const code = err && err.code;
  const titles = {
    BAD_USER_INPUT: "Máy chủ không nhận yêu cầu này",
    QUERY_TOO_COMPLEX: "Yêu cầu quá lớn, máy chủ từ chối",
    NOT_FOUND: "Không tìm thấy",
    UNAUTHENTICATED: "Cần mã API (token)",
    FORBIDDEN: "Không được phép",
    NETWORK: "Mất kết nối",
  };
  return message("error", titles[code] || "Đã có lỗi", h("p", null, err ? err.message : ""),
    code === "UNAUTHENTICATED" ? h("p", null, "Máy chủ này chỉ cho người có mã API đọc dữ liệu: nhập mã ở trang ", h("a", { href: "/add" }, "Thêm bài"), ".") : null);
}

export function setTitle(...parts) {
  document.title = [...parts.filter(Boolean), "Tra cứu"].join(" · ");
}

// section is a titled block of a page.
export function section(title, ...children) {
  const id = "s-" + Math.random().toString(36).slice(2, 8);
  return h("section", { class: "block", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

// debounce delays fn until ms have passed without a call.
export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

let comboCount = 0;

// typeahead turns an <input> into a combobox whose options are the
// server's suggestions (the `suggest` query). onPick(suggestion) runs when
// one is chosen with the mouse or Enter; Escape closes the list. It
// returns a function that closes the list.
export function typeahead(input, { onPick, types, first = 8 } = {}) {
  const id = "ta-" + ++comboCount;
  const list = h("ul", { id, role: "listbox", class: "suggest", hidden: true, "aria-label": "Gợi ý" });
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", id);
  input.setAttribute("autocomplete", "off");
  input.after(list);
  let items = [];
  let active = -1;
  let picked = false;
  let ctrl = null;
  let seq = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const setActive = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0) input.setAttribute("aria-activedescendant", `${id}-${i}`);
    else input.removeAttribute("aria-activedescendant");
  };
  const pick = (i) => {
    const s = items[i];
    close();
    if (s && onPick) onPick(s);
  };
  const render = () => {
    list.replaceChildren(...items.map((s, i) =>
      h("li", { id: `${id}-${i}`, role: "option", "aria-selected": "false", class: "suggest-item",
        onmousedown: (e) => { e.preventDefault(); pick(i); } },
        typeBadge(s.node.__typename), " ", h("span", null, s.label))));
    list.hidden = items.length === 0;
    list.dataset.prefix = input.value;
    input.setAttribute("aria-expanded", String(items.length > 0));
    setActive(-1);
  };

  input.addEventListener("input", async () => {
    const prefix = input.value.trim();
    if (ctrl) ctrl.abort();
    if (prefix.length < 2) {
      items = [];
      render();
      return;
    }
    ctrl = new AbortController();
    const mine = ++seq;
    try {
      const got = await suggest(prefix, { types, first, signal: ctrl.signal });
      if (mine !== seq) return;
      items = got;
      render();
    } catch (e) {
      if (e.name !== "AbortError") { items = []; render(); }
    }
  });
  input.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); setActive((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive((active - 1 + items.length) % items.length); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); e.stopPropagation(); picked = true; pick(active); }
    else if (e.key === "Escape") { e.preventDefault(); close(); }
  });
  // A keypress that follows a cancelled keydown must not submit the form
  // (a browser driven over DevTools sends it anyway).
  input.addEventListener("keypress", (e) => {
    if (e.key === "Enter" && picked) e.preventDefault();
    picked = false;
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  return close;
}

// chart draws a small bar chart of counts by label (mentions per year) as
// an SVG with a text alternative.
export function barChart(buckets, title) {
  const W = 320, H = 110, pad = 18;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const bw = Math.max(6, Math.min(40, (W - 10) / Math.max(1, buckets.length) - 4));
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", title + ": " + buckets.map((b) => `${b.label}: ${b.count}`).join(", "));
  buckets.forEach((b, i) => {
    const x = 5 + i * (bw + 4);
    const bh = Math.round(((H - 2 * pad) * b.count) / max);
    const r = document.createElementNS(ns, "rect");
    Object.entries({ x, y: H - pad - bh, width: bw, height: bh, rx: 2 }).forEach(([k, v]) => r.setAttribute(k, v));
    const t = document.createElementNS(ns, "title");
    t.textContent = `${b.label}: ${b.count}`;
    r.append(t);
    const lab = document.createElementNS(ns, "text");
    Object.entries({ x: x + bw / 2, y: H - 4, "text-anchor": "middle" }).forEach(([k, v]) => lab.setAttribute(k, v));
    lab.textContent = b.label;
    const val = document.createElementNS(ns, "text");
    Object.entries({ x: x + bw / 2, y: H - pad - bh - 3, "text-anchor": "middle" }).forEach(([k, v]) => val.setAttribute(k, v));
    val.textContent = b.count;
    svg.append(r, lab, val);
  });
  return svg;
}
