// The add-an-article page: paste an article's text (or fill in its
// fields) with an API token, send it with `ingestArticle`, and see what was
// extracted. userErrors are shown beside the fields they name.
//   /add            the text of an article, as copied from the paper's site
//   /add?mode=fields its fields one by one

import { gql, savedToken, TOKEN_KEY } from "./api.js";
import { h, entityLink, message, errorMessage, setTitle, positionTitle, TYPE_LABEL } from "./ui.js";

const INGEST = `mutation Ingest($input: IngestArticleInput!) {
  ingestArticle(input: $input) {
    status
    article { __typename id title source publishedAt }
    organisations { __typename id name }
    people { __typename id name }
    resolutions { __typename id code title kind }
    positions { title qualifier term person { __typename id name } organisation { __typename id name } }
    reports { __typename id title figures { label value unit } }
    userErrors { field message code }
  }
}`;

const FIELDS = [
  ["title", "Tiêu đề", "input", true],
  ["lead", "Sapo (đoạn mở đầu)", "textarea", false],
  ["body", "Nội dung", "textarea", true],
  ["publishedAt", "Ngày đăng (2020-06-29 hoặc 29/06/2020 - 06:52)", "input", false],
  ["source", "Báo", "input", false],
  ["section", "Chuyên mục", "input", false],
  ["url", "Địa chỉ bài gốc (URL)", "input", false],
  ["authors", "Tác giả (cách nhau bởi dấu phẩy)", "input", false],
];

const STATUS = { INSERTED: "Đã thêm bài mới", UPDATED: "Đã cập nhật bài đã có", UNCHANGED: "Bài này đã có, không có gì thay đổi" };


export async function render(main, ctx) {
  const mode = ctx.params.get("mode") === "fields" ? "fields" : "text";
  setTitle("Thêm bài");
  const controls = {};
  const errors = {};
  const control = (name, label, tag, required, attrs = {}) => {
    const id = "f-" + name;
    const err = h("p", { class: "field-error", id: id + "-error" });
    const el = h(tag, { id, name, required, "aria-describedby": id + "-error", ...attrs });
    controls[name] = el;
    errors[name] = err;
    return h("div", { class: "field" }, h("label", { for: id }, label, required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null), el, err);
  };

  const tabs = h("nav", { class: "tabs", "aria-label": "Cách nhập" },
    h("a", { href: "/add", class: "tab", "aria-current": mode === "text" ? "page" : null }, "Dán nguyên văn"),
    h("a", { href: "/add?mode=fields", class: "tab", "aria-current": mode === "fields" ? "page" : null }, "Nhập từng trường"));

  const fields = mode === "text"
    ? [control("text", "Nguyên văn bài báo: tiêu đề, ngày giờ, sapo có mã báo (BDK - …), nội dung, tác giả", "textarea", true, { rows: 16 })]
    : FIELDS.map(([name, label, tag, req]) => control(name, label, tag, req, tag === "textarea" ? { rows: name === "body" ? 12 : 3 } : { type: name === "url" ? "url" : "text" }));

  const saved = savedToken();
  const tokenField = control("token", "Mã API (token)", "input", false, { type: "password", autocomplete: "off", value: saved || null });
  const remember = h("input", { type: "checkbox", id: "f-remember", checked: !!localStorage.getItem(TOKEN_KEY) });
  const out = h("div", { class: "ingest-result", "aria-live": "polite" });
  const submit = h("button", { type: "submit" }, "Gửi bài");
  const form = h("form", { class: "add-form", novalidate: true },
    ...fields,
    h("fieldset", null, h("legend", null, "Quyền thêm bài"), tokenField,
      h("p", { class: "muted" }, "Máy chủ in mã này khi khởi động lần đầu (và lưu trong DATA_DIR/api-token). Mã được giữ cho mọi trang: máy chủ chỉ cho người có mã đọc dữ liệu (PUBLIC_READ=false) cũng mở được."),
      h("label", { class: "check", for: "f-remember" }, remember, "Nhớ mã trên máy này")),
    submit);

  // keep stores the token as soon as it is given: a server with
  // PUBLIC_READ=false needs it for every page, not only to add articles.
  const keep = () => {
    const token = controls.token.value.trim();
    if (remember.checked) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
    sessionStorage.setItem(TOKEN_KEY, token);
    return token;
  };
  controls.token.addEventListener("change", keep);
  remember.addEventListener("change", keep);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    for (const el of Object.values(errors)) el.textContent = "";
    for (const el of Object.values(controls)) el.removeAttribute("aria-invalid");
    const token = keep();
    if (!token) {
      fieldError("token", "Cần mã API để thêm bài: dán mã vào đây.");
      controls.token.focus();
      return;
    }
    let input;
    if (mode === "text") input = { text: controls.text.value };
    else {
      const f = {};
      for (const [name] of FIELDS) {
        const v = controls[name].value.trim();
        if (name === "authors") { if (v) f.authors = v.split(",").map((a) => a.trim()).filter(Boolean); }
        else if (v || name === "title" || name === "body") f[name] = v;
      }
      input = { fields: f };
    }
    submit.disabled = true;
    out.replaceChildren(h("p", { class: "muted" }, "Đang gửi và trích xuất…"));
    try {
      const d = await gql(INGEST, { input }, { token, signal: ctx.signal });
      const p = d.ingestArticle;
      if (p.userErrors.length) {
        out.replaceChildren(message("error", "Bài chưa được lưu: hãy sửa các ô được đánh dấu."));
        let first = null;
        for (const ue of p.userErrors) {
          const name = fieldName(ue.field, mode);
          fieldError(name, ue.message);
          first = first || controls[name];
        }
        if (first) first.focus();
        return;
      }
      out.replaceChildren(result(p));
      out.querySelector("h2").focus();
    } catch (err) {
      if (err.name === "AbortError") return;
      if (err.code === "UNAUTHENTICATED" || err.code === "FORBIDDEN") {
        fieldError("token", "Mã API không đúng hoặc đã hết hiệu lực: máy chủ từ chối. " + err.message);
        out.replaceChildren(message("error", "Máy chủ từ chối: cần mã API hợp lệ để thêm bài."));
        controls.token.focus();
      } else out.replaceChildren(errorMessage(err));
    } finally {
      submit.disabled = false;
    }
  });

  function fieldError(name, text) {
    const el = errors[name] || errors[mode === "text" ? "text" : "body"];
    el.textContent = (el.textContent ? el.textContent + " " : "") + text;
    (controls[name] || controls[mode === "text" ? "text" : "body"]).setAttribute("aria-invalid", "true");
  }

  main.replaceChildren(h("h1", null, "Thêm bài báo"),
    h("p", null, "Bài được lưu, trích xuất tổ chức, người, chức vụ, văn bản, báo cáo và số liệu, rồi tìm được ngay."),
    tabs, out, form);
}

// fieldName maps a userError's field to the control it names. The API
// names the input's field: ["input", "fields.publishedAt"] for a date it
// cannot read, ["input", "title"] for an article without a title, ["input",
// "text"] for text it cannot read; any other goes beside the text or body.
function fieldName(path, mode) {
  if (mode === "text") return "text";
  const parts = (path || []).join(".").split(".");
  return parts.find((p) => FIELDS.some(([n]) => n === p)) || "body";
}

function result(p) {
  const list = (title, items, fn) => items.length ? h("section", { class: "facet" }, h("h3", null, `${title} (${items.length})`), h("ul", null, ...items.map((x) => h("li", null, fn(x))))) : null;
  return h("div", { class: "done" },
    h("h2", { tabindex: "-1" }, STATUS[p.status] || "Đã lưu"),
    h("p", null, entityLink(p.article)),
    h("div", { class: "extracted" },
      list(TYPE_LABEL.Organisation, p.organisations, (x) => entityLink(x)),
      list(TYPE_LABEL.Person, p.people, (x) => entityLink(x)),
      list("Chức vụ", p.positions, (x) => [entityLink(x.person), ": ", positionTitle(x), " — ", entityLink(x.organisation)]),
      list(TYPE_LABEL.Resolution, p.resolutions, (x) => entityLink(x)),
      list(TYPE_LABEL.Report, p.reports, (x) => [entityLink(x), ` · ${x.figures.length} số liệu`])),
    !(p.organisations.length + p.people.length + p.resolutions.length) ? h("p", { class: "muted" }, "Không trích được thực thể nào từ bài này.") : null);
}
