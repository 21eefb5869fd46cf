package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tracuu/sample"
	"tracuu/web/webtest"
)

const seedTitle = "Chủ động tổ chức triển khai thực hiện Nghị quyết Tỉnh ủy năm 2020"

// TestWebApp drives the web app in Debian's chromium against the real
// server (serve, as `go run .` starts it) on a temporary SQLite database
// holding the bundled sample and the development corpus. One server and
// one browser serve every subtest. Screenshots of each page, at a laptop's
// and a phone's width, go to $TRACUU_SCREENSHOTS (default: a temporary
// folder).
func TestWebApp(t *testing.T) {
	corpus := filepath.Join("..", "shared", "corpus", "dantri-2019-2021.jsonl")
	ci := os.Getenv("CI") == "true"
	for _, need := range []struct {
		ok   bool
		what string
	}{
		{fileExists(corpus), "the development corpus " + corpus},
		{webtest.Chromium() != "", "chromium (apt-get install -y chromium)"},
	} {
		if !need.ok {
			if ci {
				t.Fatalf("missing %s", need.what)
			}
			t.Skipf("missing %s", need.what)
		}
	}
	shots := os.Getenv("TRACUU_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "tracuu-screenshots")
	}
	os.MkdirAll(shots, 0o755)

	dir := t.TempDir()
	t.Setenv("DATABASE_URL", "")
	t.Setenv("DATA_DIR", dir)
	const token = "e2e-secret-token"
	t.Setenv("API_TOKENS", token)
	// The sample first, as the server loads it on its first start, then the
	// corpus, as a newsroom would import its archive.
	s, _, closeAll, err := openAll(context.Background(), config{DataDir: dir}, newMetrics(), "serve")
	if err != nil {
		t.Fatal(err)
	}
	_, err = sample.Load(context.Background(), s)
	closeAll()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if rc := run(context.Background(), []string{"import", corpus}, &out, &errb); rc != 0 {
		t.Fatalf("import: %d %s %s", rc, out.String(), errb.String())
	}
	base, _, stop := startServer(t)
	idOf := func(q string) string {
		m := regexp.MustCompile(`"id":"([^"]+)"`).FindStringSubmatch(mustJSON(postQuery(t, base, "", q)))
		if m == nil {
			t.Fatalf("no id for %s", q)
		}
		return m[1]
	}

	var b *webtest.Browser
	b, err = webtest.Start(context.Background(), dir, 1280, 900)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := b.Ctx

	eval := func(t *testing.T, expr string, v any) {
		t.Helper()
		if err := webtest.Eval(ctx, expr, v); err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
	}
	// check is run on every page: no console error, no serious or critical
	// axe-core violation, and a screenshot at both widths.
	check := func(t *testing.T, name string) {
		t.Helper()
		time.Sleep(150 * time.Millisecond) // let late requests report
		for _, e := range b.Errors() {
			t.Errorf("%s: console: %s", name, e)
		}
		vs, err := webtest.Axe(ctx)
		if err != nil {
			t.Fatalf("%s: axe: %v", name, err)
		}
		for _, v := range webtest.Serious(vs) {
			t.Errorf("%s: axe: %s", name, v)
		}
		for _, size := range []struct {
			suffix string
			w, h   int64
			mobile bool
		}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
			var png []byte
			opts := []chromedp.EmulateViewportOption{}
			if size.mobile {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
			}
			err := chromedp.Run(ctx, chromedp.EmulateViewport(size.w, size.h, opts...), chromedp.Sleep(200*time.Millisecond), chromedp.CaptureScreenshot(&png))
			if err != nil {
				t.Fatalf("%s: screenshot: %v", name, err)
			}
			os.WriteFile(filepath.Join(shots, name+"-"+size.suffix+".png"), png, 0o644)
			var wide int
			eval(t, `document.documentElement.scrollWidth - window.innerWidth`, &wide)
			if wide > 0 {
				t.Errorf("%s at %s width: the page is %d px wider than the screen", name, size.suffix, wide)
			}
		}
		chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900))
		for _, e := range b.Errors() {
			t.Errorf("%s (phone width): console: %s", name, e)
		}
	}
	wait := func(t *testing.T, expr string) {
		t.Helper()
		if err := webtest.WaitJS(ctx, expr, 15*time.Second); err != nil {
			var html string
			chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector("main").innerText.slice(0, 1500)`, &html))
			t.Fatalf("%v\npage: %s", err, html)
		}
	}
	navigate := func(t *testing.T, path string) {
		t.Helper()
		b.Errors() // a subtest that failed may leave some
		if err := chromedp.Run(ctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatal(err)
		}
	}
	location := func(t *testing.T) string {
		var s string
		eval(t, `location.pathname + location.search`, &s)
		return s
	}
	total := func(t *testing.T) int {
		var n int
		eval(t, `parseInt((document.querySelector(".count strong") || {textContent: "0"}).textContent.replace(/\D/g, ""), 10)`, &n)
		return n
	}

	// shown: the results drawn are those of the URL in the address bar.
	const shown = `document.querySelector("#results").dataset.key === location.pathname + location.search`
	t.Run("SearchTypingShowsSeedFirst", func(t *testing.T) {
		navigate(t, "/")
		wait(t, `document.querySelector("#results").dataset.state === "done"`)
		if err := chromedp.Run(ctx, chromedp.SendKeys("#q", "nghi quyet tinh uy", chromedp.ByID)); err != nil {
			t.Fatal(err)
		}
		wait(t, `document.querySelector("#results").dataset.q === "nghi quyet tinh uy" && `+shown)
		var first struct {
			Title string
			Marks []string
			Type  string
		}
		eval(t, `(() => { const h = document.querySelector("#results .hit"); return {
			Title: h.querySelector(".hit-title").textContent, Type: h.dataset.type,
			Marks: [...h.querySelectorAll("mark")].map(m => m.textContent) }; })()`, &first)
		if first.Title != seedTitle || first.Type != "Article" {
			t.Errorf("first hit %q (%s), want the seed article", first.Title, first.Type)
		}
		marked := strings.ToLower(strings.Join(first.Marks, " "))
		for _, w := range []string{"nghị quyết", "tỉnh ủy"} {
			if !strings.Contains(marked, w) {
				t.Errorf("marked words %q lack %q", first.Marks, w)
			}
		}
		if loc := location(t); loc != "/search?q=nghi+quyet+tinh+uy" {
			t.Errorf("URL %s does not hold the query", loc)
		}
		check(t, "search")
	})

	t.Run("FacetNarrowsResultsAndURL", func(t *testing.T) {
		navigate(t, "/search?q=nghi+quyet+tinh+uy")
		wait(t, shown)
		before := total(t)
		var facet struct{ Value, Label string }
		eval(t, `(() => { const a = document.querySelector('.facet-item[data-facet="source"]'); return {Value: a.dataset.value, Label: a.querySelector(".facet-label").textContent}; })()`, &facet)
		if err := chromedp.Run(ctx, chromedp.Click(`.facet-item[data-facet="source"]`, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		wait(t, `location.search.includes("source=") && document.querySelector(".chip") && `+shown)
		after := total(t)
		if after == 0 || after >= before {
			t.Errorf("facet %q: %d results, before %d", facet.Label, after, before)
		}
		if loc := location(t); !strings.Contains(loc, "source="+url.QueryEscape(facet.Value)) {
			t.Errorf("URL %s lacks the facet %q", loc, facet.Value)
		}
		var active bool
		eval(t, `!!document.querySelector('.facet-item[data-facet="source"][aria-current]')`, &active)
		if !active {
			t.Error("the clicked facet is not shown as active")
		}
		// Reloading the URL shows the same; the back button the one before.
		chromedp.Run(ctx, chromedp.Reload())
		wait(t, shown)
		if n := total(t); n != after {
			t.Errorf("after reload %d results, want %d", n, after)
		}
		chromedp.Run(ctx, chromedp.NavigateBack())
		wait(t, `!location.search.includes("source=") && !document.querySelector(".chip") && `+shown)
		if n := total(t); n != before {
			t.Errorf("back: %d results, want %d", n, before)
		}
		// The next page by cursor, and back to the first.
		chromedp.Run(ctx, chromedp.Click(`a[rel="next"]`, chromedp.ByQuery))
		wait(t, `location.search.includes("after=") && `+shown)
		var page2 string
		eval(t, `document.querySelector("#results .hit-title").textContent`, &page2)
		if page2 == seedTitle {
			t.Error("page 2 starts with page 1's first hit")
		}
		chromedp.Run(ctx, chromedp.Click(`a[rel="prev"]`, chromedp.ByQuery))
		wait(t, `!location.search.includes("after=") && `+shown)
		check(t, "search-facet")
	})

	t.Run("EmptyAndRefused", func(t *testing.T) {
		navigate(t, "/search?q=zzqxwv+kkjjhh")
		wait(t, `document.querySelector(".msg-empty")`)
		check(t, "search-empty")
		navigate(t, "/search?q=t%E1%BB%89nh&after=not-a-cursor")
		wait(t, `document.querySelector(".msg-error")`)
		var msg string
		eval(t, `document.querySelector(".msg-error").innerText`, &msg)
		if !strings.Contains(msg, "Máy chủ không nhận") || !strings.Contains(msg, "cursor") {
			t.Errorf("refused query shows %q", msg)
		}
		b.Errors() // the refused request is logged by the browser as a failed load
	})

	t.Run("SearchNotices", func(t *testing.T) {
		// A query past the bound on words: the page says how many were
		// not searched for.
		words := make([]string, 40)
		for i := range words {
			words[i] = fmt.Sprintf("từ%d", i)
		}
		navigate(t, "/search?q="+url.QueryEscape(strings.Join(words, " ")))
		wait(t, shown)
		var notes string
		eval(t, `document.querySelector(".notices").innerText`, &notes)
		if !strings.Contains(notes, "8 từ cuối không được tìm") {
			t.Errorf("40 distinct words, notices %q", notes)
		}
		// An index being built and counts too many to be exact are states
		// of a server that the corpus does not reach: the server's answers
		// are given those notices on their way to the page.
		stopRewrite, err := b.Rewrite("*/graphql", func(_ string, body []byte) []byte {
			var r map[string]any
			if json.Unmarshal(body, &r) != nil {
				return body
			}
			if d, ok := r["data"].(map[string]any); ok && d["search"] != nil {
				if f, ok := d["search"].(map[string]any)["facets"].(map[string]any); ok {
					f["approximate"] = true
				}
				r["extensions"] = map[string]any{"searchIndex": map[string]any{"state": "building", "complete": false, "built": 1200, "total": 2654}}
			}
			out, _ := json.Marshal(r)
			return out
		})
		if err != nil {
			t.Fatal(err)
		}
		navigate(t, "/search?q=nghi+quyet+tinh+uy")
		wait(t, shown+` && document.querySelector(".approx-note")`)
		var got struct {
			Notes, Person string
			Exact         bool
		}
		eval(t, `({Notes: document.querySelector(".notices").innerText,
			Person: document.querySelector('.facet-item[data-facet="person"] .n').textContent,
			Exact: !!document.querySelector('.approx-note a[href*="exact=1"]')})`, &got)
		if !strings.Contains(got.Notes, "đang được xây dựng") || !strings.Contains(got.Notes, "1.200/2.654") {
			t.Errorf("index being built, notices %q", got.Notes)
		}
		if !strings.HasPrefix(got.Person, "≈") || !got.Exact {
			t.Errorf("approximate facets: person count %q, link to exact counts %v", got.Person, got.Exact)
		}
		check(t, "search-notices")
		if err := stopRewrite(); err != nil {
			t.Fatal(err)
		}
		chromedp.Run(ctx, chromedp.Click(`.approx-note a`, chromedp.ByQuery))
		wait(t, `location.search.includes("exact=1") && `+shown)
		eval(t, `document.querySelector(".notices").innerText + (document.querySelector(".approx-note") ? "approx" : "")`, &notes)
		if notes != "" {
			t.Errorf("the server's own answer shows notices %q", notes)
		}
	})

	t.Run("Typeahead", func(t *testing.T) {
		navigate(t, "/")
		wait(t, `document.querySelector("#results").dataset.state === "done"`)
		chromedp.Run(ctx, chromedp.SendKeys("#q", "tran ngoc", chromedp.ByID))
		wait(t, `[...document.querySelectorAll(".suggest-item")].some(li => li.textContent.includes("Trần Ngọc Tam"))`)
		var expanded string
		eval(t, `document.querySelector("#q").getAttribute("aria-expanded")`, &expanded)
		if expanded != "true" {
			t.Errorf("combobox aria-expanded=%s", expanded)
		}
		check(t, "typeahead")
		// Arrow down and Enter open the suggestion's page.
		chromedp.Run(ctx, chromedp.SendKeys("#q", kb.ArrowDown, chromedp.ByID))
		var name string
		eval(t, `document.querySelector(".suggest-item[aria-selected=true]").textContent`, &name)
		chromedp.Run(ctx, chromedp.SendKeys("#q", kb.Enter, chromedp.ByID))
		wait(t, `location.pathname.startsWith("/person/") || location.pathname.startsWith("/organisation/")`)
		wait(t, `document.querySelector("h1") && !document.querySelector("main [role=status]")`)
	})

	t.Run("ArticleLinksPersonWithPosition", func(t *testing.T) {
		navigate(t, "/search?q=nghi+quyet+tinh+uy")
		wait(t, shown)
		chromedp.Run(ctx, chromedp.Click(`#results .hit-title`, chromedp.ByQuery))
		wait(t, `location.pathname.startsWith("/article/") && document.querySelector("article h1")`)
		var info struct {
			H1       string
			Mentions int
			Figures  int
			Side     int
			Original bool
		}
		eval(t, `({H1: document.querySelector("article h1").textContent, Mentions: document.querySelectorAll("a.mention").length,
			Figures: document.querySelectorAll("mark.figure").length, Side: document.querySelectorAll(".side .entity-list a").length,
			Original: !!document.querySelector(".original a[href^=http]")})`, &info)
		if info.H1 != seedTitle || info.Mentions < 10 || info.Figures < 3 || info.Side < 5 || !info.Original {
			t.Errorf("article page: %+v", info)
		}
		check(t, "article")
		if err := chromedp.Run(ctx, chromedp.Click(`//a[contains(@class,"mention")][text()="Trần Ngọc Tam"]`, chromedp.BySearch)); err != nil {
			t.Fatal(err)
		}
		wait(t, `location.pathname.startsWith("/person/") && document.querySelector("table.positions")`)
		var row string
		eval(t, `[...document.querySelectorAll("table.positions tbody tr")].map(r => r.innerText).join("\n")`, &row)
		if !strings.Contains(row, "Tỉnh ủy Bến Tre") || !strings.Contains(row, "Phó Bí thư Thường trực") {
			t.Errorf("Trần Ngọc Tam's positions: %q", row)
		}
		var h1 string
		eval(t, `document.querySelector("h1").textContent`, &h1)
		if h1 != "Trần Ngọc Tam" {
			t.Errorf("person page h1 %q", h1)
		}
		wait(t, `document.querySelector("svg.chart") && document.querySelectorAll(".related li").length > 3 && document.querySelectorAll(".mentions li").length > 0`)
		check(t, "person")
		// Back returns to the article.
		chromedp.Run(ctx, chromedp.NavigateBack())
		wait(t, `location.pathname.startsWith("/article/") && document.querySelector("article h1")`)
	})

	t.Run("EntityPages", func(t *testing.T) {
		org := idOf(`{ organisations(filter: {name: "Tỉnh ủy Bến Tre"}) { nodes { id name } } }`)
		res := idOf(`{ resolution(code: "05-CT/TW") { id } }`)
		rep := idOf(`{ resolution(code: "05-CT/TW") { reports(first: 1) { nodes { id } } } }`)
		for _, p := range []struct{ name, path, ready string }{
			{"organisation", "/organisation/" + url.PathEscape(org), `document.querySelector("h1") && document.querySelector("svg.chart")`},
			{"resolution", "/resolution/" + url.PathEscape(res), `document.querySelector("h1") && document.querySelector("dl.facts")`},
			{"report", "/report/" + url.PathEscape(rep), `document.querySelector("h1") && document.querySelector("table.figures td.num")`},
		} {
			navigate(t, p.path)
			wait(t, p.ready)
			check(t, p.name)
		}
	})

	t.Run("NetworkAndPath", func(t *testing.T) {
		org := idOf(`{ organisations(filter: {name: "Tỉnh ủy Bến Tre"}) { nodes { id name } } }`)
		navigate(t, "/network?ids="+url.QueryEscape(org))
		wait(t, `document.querySelector("#graph") && +document.querySelector("#graph").dataset.nodes > 0`)
		var nodes int
		eval(t, `+document.querySelector("#graph").dataset.nodes`, &nodes)
		if nodes < 10 {
			t.Errorf("the network draws %d nodes", nodes)
		}
		var canvas bool
		eval(t, `!!document.querySelector("#graph canvas")`, &canvas)
		if !canvas {
			t.Error("no canvas drawn")
		}
		// Pick both ends of a path with the typeahead.
		for _, end := range []struct{ input, typed, want string }{{"#path-pfrom", "tran ngoc t", "Trần Ngọc Tam"}, {"#path-pto", "uy ban kiem tra tinh uy ben", "Ủy ban Kiểm tra Tỉnh ủy Bến Tre"}} {
			chromedp.Run(ctx, chromedp.SendKeys(end.input, end.typed, chromedp.ByQuery))
			sel := fmt.Sprintf(`[...document.querySelectorAll(".suggest-item")].find(li => li.offsetParent && li.textContent.includes(%q))`, end.want)
			wait(t, sel)
			eval(t, `(() => { const li = `+sel+`; li.dispatchEvent(new MouseEvent("mousedown", {bubbles: true})); return true; })()`, new(bool))
		}
		chromedp.Run(ctx, chromedp.Click(`.path-form button[type=submit]`, chromedp.ByQuery))
		wait(t, `location.search.includes("pfrom=") && +document.querySelector(".path-results").dataset.paths > 0 && document.querySelector("#graph canvas")`)
		var hop struct{ Sentence, Article string }
		eval(t, `({Sentence: (document.querySelector(".hop blockquote") || {}).textContent || "", Article: (document.querySelector(".hop .meta a") || {}).textContent || ""})`, &hop)
		if hop.Sentence == "" || hop.Article == "" {
			t.Errorf("path hop without evidence: %+v", hop)
		}
		var exports []string
		eval(t, `[...document.querySelectorAll(".exports a")].map(a => a.getAttribute("href"))`, &exports)
		if len(exports) != 3 {
			t.Fatalf("export links %v", exports)
		}
		for _, e := range exports {
			resp, err := http.Get(base + e)
			if err != nil || resp.StatusCode != 200 {
				t.Errorf("export %s: %v %v", e, resp, err)
			} else {
				resp.Body.Close()
			}
		}
		check(t, "network")
	})

	t.Run("AddArticle", func(t *testing.T) {
		navigate(t, "/add?mode=fields")
		wait(t, `document.querySelector("#f-title")`)
		const title = "Huyện ủy Giồng Trôm tổng kết công tác xây dựng Đảng năm 2020"
		const body = "Ngày 5/1, Ban Thường vụ Huyện ủy Giồng Trôm tổng kết công tác xây dựng Đảng. Đồng chí Lê Văn Xuyến, Bí thư Huyện ủy Giồng Trôm chủ trì hội nghị."
		err := chromedp.Run(ctx,
			chromedp.SendKeys("#f-title", title, chromedp.ByID),
			chromedp.SetValue("#f-body", body, chromedp.ByID),
			chromedp.SendKeys("#f-publishedAt", "2021-01-05", chromedp.ByID),
			chromedp.Click(`.add-form button[type=submit]`, chromedp.ByQuery))
		if err != nil {
			t.Fatal(err)
		}
		// No token: a clear message beside the token field, nothing sent.
		wait(t, `document.querySelector("#f-token-error").textContent.length > 0`)
		var msg string
		eval(t, `document.querySelector("#f-token-error").textContent`, &msg)
		if !strings.Contains(msg, "Cần mã API") {
			t.Errorf("without a token: %q", msg)
		}
		check(t, "add-no-token")
		// A wrong token: the server's refusal, told plainly.
		chromedp.Run(ctx, chromedp.SendKeys("#f-token", "wrong-token", chromedp.ByID), chromedp.Click(`.add-form button[type=submit]`, chromedp.ByQuery))
		wait(t, `document.querySelector(".ingest-result .msg-error")`)
		eval(t, `document.querySelector("#f-token-error").textContent`, &msg)
		if !strings.Contains(msg, "từ chối") {
			t.Errorf("wrong token: %q", msg)
		}
		b.Errors() // the refused request is logged by the browser as a failed load
		// A userError beside the field it names.
		chromedp.Run(ctx, chromedp.SetValue("#f-token", token, chromedp.ByID), chromedp.SetValue("#f-publishedAt", "hôm qua", chromedp.ByID),
			chromedp.Click(`.add-form button[type=submit]`, chromedp.ByQuery))
		wait(t, `document.querySelector("#f-publishedAt-error").textContent.length > 0`)
		var invalid string
		eval(t, `document.querySelector("#f-publishedAt").getAttribute("aria-invalid")`, &invalid)
		if invalid != "true" {
			t.Errorf("publishedAt aria-invalid=%q", invalid)
		}
		check(t, "add-user-error")
		// The article's own checks name the field without "fields.".
		err = chromedp.Run(ctx, chromedp.SetValue("#f-publishedAt", "2021-01-05", chromedp.ByID), chromedp.Evaluate(`document.querySelector("#f-title").value = ""`, nil),
			chromedp.Click(`.add-form button[type=submit]`, chromedp.ByQuery))
		if err != nil {
			t.Fatal(err)
		}
		wait(t, `document.querySelector("#f-title-error").textContent.length > 0`)
		var errs struct{ Title, PublishedAt, Body string }
		eval(t, `({Title: document.querySelector("#f-title").getAttribute("aria-invalid"), PublishedAt: document.querySelector("#f-publishedAt-error").textContent,
			Body: document.querySelector("#f-body-error").textContent})`, &errs)
		if errs.Title != "true" || errs.PublishedAt != "" || errs.Body != "" {
			t.Errorf("empty title: errors %+v", errs)
		}
		chromedp.Run(ctx, chromedp.SetValue("#f-title", title, chromedp.ByID), chromedp.Click(`.add-form button[type=submit]`, chromedp.ByQuery))
		wait(t, `document.querySelector(".ingest-result h2")`)
		var result struct {
			Status string
			Links  []string
		}
		eval(t, `({Status: document.querySelector(".ingest-result h2").textContent,
			Links: [...document.querySelectorAll(".ingest-result a")].map(a => a.textContent)})`, &result)
		if result.Status != "Đã thêm bài mới" || !contains(result.Links, title) || !contains(result.Links, "Lê Văn Xuyến") {
			t.Errorf("ingest result %+v", result)
		}
		check(t, "add")
		// It is findable at once (the index worker runs in the background).
		deadline := time.Now().Add(15 * time.Second)
		for {
			navigate(t, "/search?q="+url.QueryEscape("giong trom tong ket xay dung dang"))
			wait(t, shown)
			var first string
			eval(t, `(document.querySelector("#results .hit-title") || {}).textContent || ""`, &first)
			if first == title {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the added article is not found; first hit %q", first)
			}
			time.Sleep(300 * time.Millisecond)
		}
	})

	t.Run("AddTextWithCaptionsAndQualifiers", func(t *testing.T) {
		const text = `Huyện ủy Chợ Lách sơ kết 6 tháng đầu năm 2021

15/07/2021 - 08:10

BDK - Ngày 14/7, Ban Thường vụ Huyện ủy Chợ Lách tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2021.

Quang cảnh hội nghị tại hội trường. Đồng chí Đoàn Văn Hiếu, Bí thư Huyện ủy Chợ Lách phát biểu chỉ đạo. Ảnh: CTV

Hội nghị thông qua báo cáo của Ban Thường vụ Huyện ủy Chợ Lách. Nguyên Bí thư Huyện ủy Chợ Lách Trần Văn Lâm dự hội nghị.

Quyền Chủ tịch UBND huyện Chợ Lách Lê Văn Bé phát biểu. Ảnh: Hữu Hiệp

Thanh Tâm`
		navigate(t, "/add")
		wait(t, `document.querySelector("#f-text")`)
		chromedp.Run(ctx, chromedp.SetValue("#f-text", text, chromedp.ByID), chromedp.SetValue("#f-token", token, chromedp.ByID),
			chromedp.Click(`.add-form button[type=submit]`, chromedp.ByQuery))
		wait(t, `document.querySelector(".ingest-result h2")`)
		var quals []string
		eval(t, `[...document.querySelectorAll(".ingest-result .qualifier")].map(q => q.closest("li").innerText)`, &quals)
		if len(quals) != 2 || !strings.Contains(strings.Join(quals, "\n"), "Lê Văn Bé: quyền Chủ tịch") || !strings.Contains(strings.Join(quals, "\n"), "Trần Văn Lâm: nguyên Bí thư") {
			t.Errorf("qualified positions extracted: %q", quals)
		}
		chromedp.Run(ctx, chromedp.Click(`.ingest-result .done > p a`, chromedp.ByQuery))
		wait(t, `location.pathname.startsWith("/article/") && document.querySelector(".captions")`)
		// Each caption with its mentions marked where the API's offsets say.
		var caps []struct {
			Text  string
			Marks []string
		}
		eval(t, `[...document.querySelectorAll(".captions .caption")].map(p => ({Text: p.textContent, Marks: [...p.querySelectorAll("a.mention")].map(a => a.textContent)}))`, &caps)
		want := []struct {
			text  string
			marks []string
		}{
			{"Quang cảnh hội nghị tại hội trường. Đồng chí Đoàn Văn Hiếu, Bí thư Huyện ủy Chợ Lách phát biểu chỉ đạo.", []string{"Đoàn Văn Hiếu", "Huyện ủy Chợ Lách"}},
			{"Quyền Chủ tịch UBND huyện Chợ Lách Lê Văn Bé phát biểu.", []string{"UBND huyện Chợ Lách", "Lê Văn Bé"}},
		}
		if len(caps) != len(want) {
			t.Fatalf("captions %+v", caps)
		}
		for i, w := range want {
			if caps[i].Text != w.text || strings.Join(caps[i].Marks, "|") != strings.Join(w.marks, "|") {
				t.Errorf("caption %d: %+v, want %q marked %q", i, caps[i], w.text, w.marks)
			}
		}
		check(t, "article-captions")
		// The acting chairman's page: a current position, said to be acting.
		chromedp.Run(ctx, chromedp.Click(`//section[contains(@class,"captions")]//a[text()="Lê Văn Bé"]`, chromedp.BySearch))
		wait(t, `location.pathname.startsWith("/person/") && document.querySelector("table.positions")`)
		var rows struct{ Current, Former []string }
		positions := `({Current: [...document.querySelectorAll("table.positions.current tbody tr")].map(r => r.innerText.replace(/\s+/g, " ")),
			Former: [...document.querySelectorAll("table.positions.former tbody tr")].map(r => r.innerText.replace(/\s+/g, " "))})`
		eval(t, positions, &rows)
		if len(rows.Current) != 1 || !strings.HasPrefix(rows.Current[0], "quyền Chủ tịch Ủy ban nhân dân huyện Chợ Lách") || len(rows.Former) != 0 {
			t.Errorf("Lê Văn Bé's positions %+v", rows)
		}
		// The former secretary's: a former position, said to be former.
		chromedp.Run(ctx, chromedp.NavigateBack())
		wait(t, `location.pathname.startsWith("/article/") && document.querySelector(".captions")`)
		chromedp.Run(ctx, chromedp.Click(`//div[contains(@class,"body")]//a[text()="Trần Văn Lâm"]`, chromedp.BySearch))
		wait(t, `location.pathname.startsWith("/person/") && document.querySelector("table.positions")`)
		eval(t, positions, &rows)
		if len(rows.Former) != 1 || !strings.HasPrefix(rows.Former[0], "nguyên Bí thư Huyện ủy Chợ Lách") || len(rows.Current) != 0 {
			t.Errorf("Trần Văn Lâm's positions %+v", rows)
		}
		check(t, "person-former")
	})

	t.Run("GraphiQLOffline", func(t *testing.T) {
		navigate(t, "/graphiql")
		wait(t, `document.querySelector(".graphiql-container") && document.querySelector(".graphiql-editor")`)
		if err := chromedp.Run(ctx, chromedp.Click(`.graphiql-execute-button`, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		wait(t, `document.querySelector(".graphiql-response").innerText.includes("totalCount")`)
		check(t, "graphiql")
	})

	t.Run("NotFound", func(t *testing.T) {
		navigate(t, "/person/bm90LWFuLWlk")
		wait(t, `document.querySelector(".msg-empty")`)
		b.Errors()
		navigate(t, "/no/such/page")
		wait(t, `document.querySelector(".msg-empty")`)
		b.Errors() // the 404 of the page itself
	})
	t.Run("ExportsWithReadToken", func(t *testing.T) {
		org := idOf(`{ organisations(filter: {name: "Tỉnh ủy Bến Tre"}) { nodes { id name } } }`)
		// The same data behind a server that lets only token holders read.
		stop()
		t.Setenv("PUBLIC_READ", "false")
		base, _, stop = startServer(t)
		net := "/network?ids=" + url.QueryEscape(org)
		navigate(t, net)
		wait(t, `document.querySelector(".msg-error")`)
		b.Errors()
		// The token given once on the add page opens every page.
		chromedp.Run(ctx, chromedp.Evaluate(`sessionStorage.clear(); localStorage.clear()`, nil))
		navigate(t, "/add")
		wait(t, `document.querySelector("#f-token")`)
		chromedp.Run(ctx, chromedp.SendKeys("#f-token", token, chromedp.ByID), chromedp.Focus("#f-text", chromedp.ByID))
		navigate(t, net)
		wait(t, `+document.querySelector("#graph").dataset.nodes > 0`)
		downloads := t.TempDir()
		if err := b.SaveDownloads(downloads); err != nil {
			t.Fatal(err)
		}
		var href string
		eval(t, `document.querySelector('.exports a[download="network.graphml"]').href`, &href)
		if resp, err := http.Get(href); err != nil || resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("export without a token: %v %v", resp, err)
		}
		for name, start := range map[string]string{"network.graphml": "<?xml", "nodes.csv": "Id,Label,EntityType", "edges.csv": "Source,Target,Type"} {
			chromedp.Run(ctx, chromedp.Click(fmt.Sprintf(`.exports a[download=%q]`, name), chromedp.ByQuery))
			wait(t, fmt.Sprintf(`document.querySelector(".export-status").textContent.includes(%q)`, name))
			var data []byte
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
				data, _ = os.ReadFile(filepath.Join(downloads, name))
				if len(data) > 0 || time.Now().After(deadline) {
					break
				}
			}
			if head := string(data[:min(len(data), 80)]); !strings.HasPrefix(strings.TrimPrefix(head, "\ufeff"), start) || bytes.Count(data, []byte("\n")) < 10 {
				t.Errorf("%s saved with %d bytes: %q", name, len(data), head)
			}
		}
		check(t, "network-token")
	})
	t.Logf("screenshots in %s", shots)
}

// startServer runs `serve` on a free port, as `go run .` does, and returns
// its base URL, the API token it printed (none when API_TOKENS is set),
// and stop, which shuts it down as SIGTERM does and returns its exit
// status. The test's end stops it too.
func startServer(t *testing.T) (base, token string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		rc := run(ctx, []string{"serve", "-addr", "127.0.0.1:0"}, pw, &errb)
		pw.Close()
		done <- rc
	}()
	addrRe := regexp.MustCompile(`web app at (http://[^/\s]+)/`)
	tokenRe := regexp.MustCompile(`Bearer ([0-9a-f]+)`)
	sc := bufio.NewScanner(pr)
	for base == "" && sc.Scan() {
		if m := tokenRe.FindStringSubmatch(sc.Text()); m != nil {
			token = m[1]
		}
		if m := addrRe.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
		}
	}
	go io.Copy(io.Discard, pr)
	rc, stopped := -1, false
	stop = func() int {
		if stopped {
			return rc
		}
		stopped = true
		cancel()
		select {
		case rc = <-done:
		case <-time.After(20 * time.Second):
			t.Error("server did not shut down")
		}
		return rc
	}
	t.Cleanup(func() { stop() })
	if base == "" {
		stop()
		t.Fatalf("server did not print its address: %s", errb.String())
	}
	return base, token, stop
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
