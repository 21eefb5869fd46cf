// The app: a router over the browser's history. Every page is drawn from
// its URL alone, so any URL can be shared, reloaded, or gone back to.

import { h, message, errorMessage, setTitle } from "./ui.js";

const pages = [
  [/^\/(search)?$/, "search", () => import("./search.js")],
  [/^\/article\/([^/]+)$/, "article", () => import("./article.js")],
  [/^\/(person|organisation|resolution|report)\/([^/]+)$/, "entity", () => import("./entity.js")],
  [/^\/network$/, "network", () => import("./network.js")],
  [/^\/add$/, "add", () => import("./add.js")],
];

const main = document.getElementById("main");
let current = null; // {name, ctrl, page: what the page's render returned}
let renderSeq = 0;
let moveFocus = false; // after a change of page, focus its heading

// navigate goes to an app URL: pushes it (or replaces the current entry)
// and draws it.
export function navigate(url, { replace = false, state = null } = {}) {
  moveFocus = true;
  if (replace) history.replaceState(state, "", url);
  else history.pushState(state, "", url);
  render();
}

// setURL changes the URL without drawing the page again (a page that
// already shows what the URL says, e.g. while typing).
export function setURL(url, { replace = true, state = null } = {}) {
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(state, "", url);
  else history.pushState(state, "", url);
}

async function render() {
  const seq = ++renderSeq;
  const path = location.pathname;
  const params = new URLSearchParams(location.search);
  let found = null;
  for (const [re, name, load] of pages) {
    const m = path.match(re);
    if (m) { found = { name, load, m }; break; }
  }
  document.querySelectorAll("[data-nav]").forEach((a) => {
    if (found && a.dataset.nav === found.name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  // The same page at another URL (a facet, the next page) updates itself.
  if (found && current && current.name === found.name && current.page && current.page.update) {
    moveFocus = false;
    current.page.update({ match: found.m, params, signal: current.ctrl.signal });
    return;
  }
  if (current) {
    current.ctrl.abort();
    if (current.page && current.page.cleanup) current.page.cleanup();
  }
  const ctrl = new AbortController();
  current = { name: found && found.name, ctrl, page: null };
  if (!found) {
    setTitle("Không có trang này");
    main.replaceChildren(h("h1", null, "Không có trang này"),
      message("empty", `Địa chỉ ${path} không dẫn tới trang nào.`, h("p", null, h("a", { href: "/" }, "Về trang tìm kiếm"))));
    return;
  }
  try {
    const mod = await found.load();
    if (seq !== renderSeq) return;
    const page = await mod.render(main, { match: found.m, params, signal: ctrl.signal, navigate, setURL });
    if (seq === renderSeq) {
      current.page = page || null;
      if (moveFocus) focusHeading();
    } else if (page && page.cleanup) page.cleanup();
  } catch (e) {
    if (e.name === "AbortError" || seq !== renderSeq) return;
    console.warn(e);
    main.replaceChildren(h("h1", null, "Không mở được trang"), errorMessage(e));
  }
}

// Links inside the app change the page without reloading it.
document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest("a[href]");
  if (!a || a.target || a.hasAttribute("download") || a.hasAttribute("data-external")) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/graphiql") || url.pathname.startsWith("/export/")) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
  window.scrollTo(0, 0);
});

// focusHeading tells screen readers where they are after a change of page.
function focusHeading() {
  moveFocus = false;
  const h1 = main.querySelector("h1");
  if (h1) { h1.tabIndex = -1; h1.focus({ preventScroll: true }); }
}

window.addEventListener("popstate", () => { moveFocus = true; render(); });
render();
