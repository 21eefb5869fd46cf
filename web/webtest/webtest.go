// Package webtest drives Debian's chromium with chromedp, for the web app's
// end-to-end tests and its benchmark: a headless browser that makes no
// connection of its own, a record of the page's console errors, and
// axe-core's accessibility check.
package webtest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium is returned by Start when no chromium is installed.
var ErrNoChromium = errors.New("webtest: chromium not found (apt-get install -y chromium)")

// Chromium returns the path of the chromium binary, or "".
func Chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is one headless chromium with one tab.
type Browser struct {
	// Ctx runs chromedp actions in the tab.
	Ctx    context.Context
	cancel []context.CancelFunc

	mu     sync.Mutex
	errors []string
	edit   func(url string, body []byte) []byte
}

// Start launches chromium headless with a fresh profile in dir and opens a
// tab width×height pixels wide. Close ends it.
func Start(ctx context.Context, dir string, width, height int) (*Browser, error) {
	path := Chromium()
	if path == "" {
		return nil, ErrNoChromium
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(filepath.Join(dir, "chromium-profile")),
		chromedp.WindowSize(width, height),
		// The machine has no internet: no background connections.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("lang", "vi-VN"),
	}
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	// chromedp v0.13 logs "could not unmarshal event" for events of newer
	// browsers; they are harmless and dropped.
	tctx, cancelT := chromedp.NewContext(actx, chromedp.WithErrorf(func(string, ...any) {}))
	b := &Browser{Ctx: tctx, cancel: []context.CancelFunc{cancelT, cancelA}}
	chromedp.ListenTarget(tctx, b.listen)
	if err := chromedp.Run(tctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("webtest: unable to start %s: %w", path, err)
	}
	return b, nil
}

// Close ends the browser and waits, for at most 10 seconds, until it has
// exited and written its profile (the test's temporary folder is removed
// next).
func (b *Browser) Close() {
	ctx, cancel := context.WithTimeout(b.Ctx, 10*time.Second)
	chromedp.Cancel(ctx)
	cancel()
	for _, c := range b.cancel {
		c()
	}
}

func (b *Browser) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *fetch.EventRequestPaused:
		go b.rewrite(ev)
		return
	case *cdpruntime.EventExceptionThrown:
		msg = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *cdpruntime.EventConsoleAPICalled:
		if ev.Type != cdpruntime.APITypeError && ev.Type != cdpruntime.APITypeAssert {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if a.Value != nil {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		msg = "console.error: " + strings.Join(parts, " ")
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level != cdplog.LevelError {
			return
		}
		msg = fmt.Sprintf("%s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
	default:
		return
	}
	b.mu.Lock()
	b.errors = append(b.errors, msg)
	b.mu.Unlock()
}

// Errors returns the console errors, uncaught exceptions and failed loads
// since the last call, and forgets them.
func (b *Browser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.errors
	b.errors = nil
	return out
}

// Rewrite passes the body of every response to a request whose URL
// matches pattern (the DevTools wildcards: "*/graphql") through edit
// before the page sees it, until the returned stop is called: a way to
// show the page answers the server gives only in states a test cannot
// reach (an index being built, counts too large to be exact).
func (b *Browser) Rewrite(pattern string, edit func(url string, body []byte) []byte) (stop func() error, err error) {
	b.mu.Lock()
	b.edit = edit
	b.mu.Unlock()
	p := []*fetch.RequestPattern{{URLPattern: pattern, RequestStage: fetch.RequestStageResponse}}
	if err := chromedp.Run(b.Ctx, fetch.Enable().WithPatterns(p)); err != nil {
		return nil, fmt.Errorf("webtest: intercepting %s: %w", pattern, err)
	}
	return func() error { return chromedp.Run(b.Ctx, fetch.Disable()) }, nil
}

func (b *Browser) rewrite(ev *fetch.EventRequestPaused) {
	b.mu.Lock()
	edit := b.edit
	b.mu.Unlock()
	chromedp.Run(b.Ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		body, err := fetch.GetResponseBody(ev.RequestID).Do(ctx)
		if err != nil || edit == nil || ev.ResponseStatusCode == 0 {
			return fetch.ContinueRequest(ev.RequestID).Do(ctx)
		}
		var headers []*fetch.HeaderEntry
		for _, h := range ev.ResponseHeaders {
			// The body given back is decoded and of another length.
			if n := strings.ToLower(h.Name); n != "content-length" && n != "content-encoding" {
				headers = append(headers, h)
			}
		}
		return fetch.FulfillRequest(ev.RequestID, ev.ResponseStatusCode).WithResponseHeaders(headers).
			WithBody(base64.StdEncoding.EncodeToString(edit(ev.Request.URL, body))).Do(ctx)
	}))
}

// SaveDownloads has the browser save the files it downloads in dir.
func (b *Browser) SaveDownloads(dir string) error {
	c := chromedp.FromContext(b.Ctx)
	return browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir).Do(cdp.WithExecutor(b.Ctx, c.Browser))
}

// Violation is one axe-core rule that a page breaks.
type Violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, " | "))
}

// axeSource is web/vendor/axe-core/axe.min.js, read once.
var axeSource = sync.OnceValues(func() (string, error) {
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "vendor", "axe-core", "axe.min.js"))
	return string(b), err
})

// Axe runs axe-core on the page as it is now and returns the violations
// of WCAG 2.x A and AA rules and best practices.
func Axe(ctx context.Context) ([]Violation, error) {
	src, err := axeSource()
	if err != nil {
		return nil, fmt.Errorf("webtest: axe-core: %w", err)
	}
	var loaded bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`typeof axe === "object"`, &loaded)); err != nil {
		return nil, err
	}
	if !loaded {
		if err := chromedp.Run(ctx, chromedp.Evaluate(src+"\n;true", &loaded)); err != nil {
			return nil, fmt.Errorf("webtest: loading axe-core: %w", err)
		}
	}
	var raw string
	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))))`
	if err := chromedp.Run(ctx, chromedp.Evaluate(run, &raw, awaitPromise)); err != nil {
		return nil, fmt.Errorf("webtest: running axe-core: %w", err)
	}
	var out []Violation
	err = json.Unmarshal([]byte(raw), &out)
	return out, err
}

func awaitPromise(p *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// Serious keeps the violations whose impact is serious or critical.
func Serious(vs []Violation) []Violation {
	var out []Violation
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			out = append(out, v)
		}
	}
	return out
}

// WaitJS polls a JavaScript expression until it is truthy, for at most
// timeout. An expression that throws (an element not there yet) is false.
func WaitJS(ctx context.Context, expr string, timeout time.Duration) error {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	wrapped := "(() => { try { return !!(" + expr + "); } catch (e) { return false; } })()"
	err := chromedp.Run(tctx, chromedp.Poll(wrapped, nil, chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("waiting for %s: %w", expr, err)
	}
	return err
}

// Eval evaluates a JavaScript expression, awaiting it when it is a promise.
func Eval(ctx context.Context, expr string, out any) error {
	return chromedp.Run(ctx, chromedp.Evaluate(expr, out, awaitPromise))
}
