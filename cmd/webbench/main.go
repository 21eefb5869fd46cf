// Command webbench measures the web app as a journalist meets it, in
// Debian's chromium against a running server: the time from the keystroke
// that completes a query to its results drawn, and to its typeahead
// suggestions drawn, p50 and p99 over queries of the development set; and
// the JavaScript the server ships, raw and gzipped.
//
//	go run ./cmd/webbench -url http://127.0.0.1:8080 -n 200
//
// "Drawn" is the first animation frame after the page put the response in
// the DOM (the frame that paints it). Each query is put in the search box
// but its last character, which is then typed as the browser's input
// method inserts text (Vietnamese is typed through one; a key event could
// not carry an NFD query's combining mark); the clock starts at the
// browser's beforeinput event. The page searches and suggests on every
// keystroke.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"tracuu/web"
	"tracuu/web/webtest"
)

type query struct {
	Kind  string `json:"kind"`
	Query string `json:"query"`
}

// timing is what the page reports for one keystroke, in milliseconds from
// its beforeinput event.
type timing struct {
	Results     float64 `json:"results"`
	Suggestions float64 `json:"suggestions"`
	Fetched     float64 `json:"fetched"` // the last GraphQL response received
	Hits        int     `json:"hits"`
	Suggested   int     `json:"suggested"`
}

// measure arms observers for q, whose last character the caller then
// types, and resolves with the timings.
const measure = `(q) => new Promise((resolve, reject) => {
	const r = {};
	const results = document.querySelector("#results");
	const list = document.querySelector(".suggest");
	document.addEventListener("beforeinput", () => { r.t0 = performance.now(); }, { once: true, capture: true });
	const drawn = (key) => requestAnimationFrame(() => { r[key] = performance.now(); done(); });
	const done = () => {
		if (r.res == null || r.sug == null) return;
		obs.disconnect();
		clearTimeout(timer);
		const fetched = performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/graphql") && e.startTime >= r.t0);
		performance.clearResourceTimings();
		resolve({ results: r.res - r.t0, suggestions: r.sug - r.t0, fetched: Math.max(0, ...fetched.map((e) => e.responseEnd - r.t0)),
			hits: results.querySelectorAll(".hit").length, suggested: list.hidden ? 0 : list.children.length });
	};
	let seenRes = false, seenSug = false;
	const obs = new MutationObserver(() => {
		if (r.t0 == null) return;
		if (!seenRes && results.dataset.q === q && results.dataset.state === "done" && !results.hasAttribute("aria-busy")) { seenRes = true; drawn("res"); }
		if (!seenSug && list.dataset.prefix === q) { seenSug = true; drawn("sug"); }
	});
	obs.observe(document.querySelector("main"), { subtree: true, childList: true, attributes: true });
	const timer = setTimeout(() => { obs.disconnect(); reject(new Error("no results within 10 s for " + q + ": box holds " + JSON.stringify([...document.querySelector("#q").value].map((c) => c.codePointAt(0).toString(16))) + " want " + JSON.stringify([...q].map((c) => c.codePointAt(0).toString(16))))); }, 10000);
})`

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server, holding the development corpus")
	corpus := flag.String("queries", "../shared/corpus/dev-queries.json", "the development queries")
	n := flag.Int("n", 200, "queries to time, spread over the set")
	flag.Parse()
	log.SetFlags(0)

	sizes()

	raw, err := os.ReadFile(*corpus)
	if err != nil {
		log.Fatal(err)
	}
	var all []query
	if err := json.Unmarshal(raw, &all); err != nil {
		log.Fatal(err)
	}
	var qs []query
	for i := 0; i < *n && len(all) > 0; i++ {
		q := all[i*len(all) / *n]
		q.Query = strings.TrimSpace(q.Query)
		if utf8.RuneCountInString(q.Query) >= 3 {
			qs = append(qs, q)
		}
	}

	if len(qs) == 0 {
		return
	}
	dir, err := os.MkdirTemp("", "webbench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	b, err := webtest.Start(context.Background(), dir, 1280, 900)
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	ctx := b.Ctx
	if err := chromedp.Run(ctx, chromedp.Navigate(*base+"/search")); err != nil {
		log.Fatal(err)
	}
	if err := webtest.WaitJS(ctx, `document.querySelector("#results").dataset.state === "done"`, 30*time.Second); err != nil {
		log.Fatal(err)
	}

	var res, sug, fetched []float64
	withHits, withSugg := 0, 0
	for i, q := range qs {
		head, last := splitLast(q.Query)
		var ok bool
		set := fmt.Sprintf(`(() => { const i = document.querySelector("#q"); i.focus(); i.value = %q; return true; })()`, head)
		if err := webtest.Eval(ctx, set, &ok); err != nil {
			log.Fatal(err)
		}
		var t timing
		arm := fmt.Sprintf(`window.__bench = (%s)(%q); true`, measure, q.Query)
		if err := webtest.Eval(ctx, arm, &ok); err != nil {
			log.Fatal(err)
		}
		if err := chromedp.Run(ctx, input.InsertText(last)); err != nil {
			log.Fatal(err)
		}
		if err := webtest.Eval(ctx, `window.__bench`, &t); err != nil {
			log.Fatalf("query %d %q: %v", i, q.Query, err)
		}
		res = append(res, t.Results)
		sug = append(sug, t.Suggestions)
		fetched = append(fetched, t.Fetched)
		if t.Hits > 0 {
			withHits++
		}
		if t.Suggested > 0 {
			withSugg++
		}
	}
	if errs := b.Errors(); len(errs) > 0 {
		log.Printf("console errors: %v", errs)
	}
	fmt.Printf("\n%d queries of %s, one keystroke each, in chromium against %s\n", len(qs), filepath.Base(*corpus), *base)
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "keystroke to\tp50 ms\tp90 ms\tp99 ms\tmax ms\twith any\t")
	for _, row := range []struct {
		name string
		v    []float64
		any  int
	}{{"both responses received", fetched, -1}, {"results drawn", res, withHits}, {"suggestions drawn", sug, withSugg}} {
		count := fmt.Sprint(row.any)
		if row.any < 0 {
			count = ""
		}
		fmt.Fprintf(w, "%s\t%.0f\t%.0f\t%.0f\t%.0f\t%s\t\n", row.name, pct(row.v, 50), pct(row.v, 90), pct(row.v, 99), pct(row.v, 100), count)
	}
	w.Flush()
}

// splitLast splits off the last character with its combining marks (an
// NFD query ends in "o" and U+0301, typed together).
func splitLast(s string) (string, string) {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		if !unicode.Is(unicode.Mn, r) {
			break
		}
	}
	return s[:i], s[i:]
}

func pct(v []float64, p int) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	i := (len(s)*p+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

// sizes prints the JavaScript and CSS the server ships, by page.
func sizes() {
	site, err := web.New()
	if err != nil {
		log.Fatal(err)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "file\tbytes\tgzip\t")
	var own, ownGz, third, thirdGz int
	for _, f := range site.Files() {
		fmt.Fprintf(w, "%s\t%d\t%d\t\n", f.Name, f.Bytes, f.Gzip)
		if strings.HasSuffix(f.Name, ".css") {
			continue
		}
		if strings.HasPrefix(f.Name, "vendor/") {
			third, thirdGz = third+f.Bytes, thirdGz+f.Gzip
		} else {
			own, ownGz = own+f.Bytes, ownGz+f.Gzip
		}
	}
	fmt.Fprintf(w, "JavaScript we wrote\t%d\t%d\t\n", own, ownGz)
	fmt.Fprintf(w, "third-party JavaScript\t%d\t%d\t\n", third, thirdGz)
	w.Flush()
}
