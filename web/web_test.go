package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func newSite(t *testing.T) *Site {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestPages(t *testing.T) {
	h := newSite(t).Handler()
	for _, path := range []string{"/", "/search?q=x", "/article/QXJ0aWNsZTox", "/person/UGVyc29uOjM%3D", "/organisation/x", "/resolution/x", "/report/x", "/network", "/add"} {
		w := get(t, h, path)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `<main id="main"`) {
			t.Errorf("GET %s: %d", path, w.Code)
		}
		if w.Header().Get("Cache-Control") != "no-cache" || w.Header().Get("ETag") == "" || w.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: headers %v", path, w.Header())
		}
	}
	// An unknown path is the app's page (which says so) with status 404.
	if w := get(t, h, "/no/such/page"); w.Code != 404 || !strings.Contains(w.Body.String(), `<main id="main"`) {
		t.Errorf("unknown path: %d", w.Code)
	}
	w := get(t, h, "/graphiql")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "graphiql.min.") {
		t.Errorf("/graphiql: %d %s", w.Code, w.Body.String())
	}
}

// Every URL a page names is embedded and served; the pages name the
// hashed URLs; nothing is loaded from another host.
func TestPagesNameEmbeddedAssets(t *testing.T) {
	s := newSite(t)
	h := s.Handler()
	ref := regexp.MustCompile(`(?:src|href)="([^"]+)"`)
	for _, page := range []string{"/", "/graphiql"} {
		body := get(t, h, page).Body.String()
		refs := ref.FindAllStringSubmatch(body, -1)
		if len(refs) < 3 {
			t.Fatalf("%s names %d files", page, len(refs))
		}
		for _, m := range refs {
			switch u := m[1]; {
			case u == "#main":
				continue
			case !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//"):
				t.Errorf("%s names %s, not a file of this server", page, u)
				continue
			case !strings.HasPrefix(u, "/assets/"):
				continue // the app's own pages
			}
			u := m[1]
			w := get(t, h, u)
			if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("%s: %d %q", u, w.Code, w.Header().Get("Cache-Control"))
			}
		}
	}
}

func TestAssetCaching(t *testing.T) {
	s := newSite(t)
	h := s.Handler()
	hashed := s.URL("static/app.js")
	if !regexp.MustCompile(`^/assets/app\.[0-9a-f]{10}\.js$`).MatchString(hashed) {
		t.Fatalf("hashed URL %q", hashed)
	}
	body, _ := files.ReadFile("static/app.js")
	sum := sha256.Sum256(body)
	if !strings.Contains(hashed, hex.EncodeToString(sum[:])[:10]) {
		t.Errorf("%s is not named by its content", hashed)
	}
	plain := get(t, h, "/assets/app.js")
	if plain.Code != 200 || plain.Header().Get("Cache-Control") != "no-cache" || plain.Body.String() != string(body) {
		t.Errorf("plain URL: %d %v", plain.Code, plain.Header())
	}
	if ct := plain.Header().Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	etag := plain.Header().Get("ETag")
	if w := get(t, h, "/assets/app.js", "If-None-Match", etag); w.Code != 304 || w.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d", w.Code)
	}
	if w := get(t, h, "/assets/app.js", "If-None-Match", `"other"`); w.Code != 200 {
		t.Errorf("If-None-Match other: %d", w.Code)
	}
	// gzip when asked, the same bytes once inflated.
	w := get(t, h, "/assets/vendor/cytoscape/cytoscape.esm.min.mjs", "Accept-Encoding", "br, gzip")
	if w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("gzip: %v", w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	want, _ := files.ReadFile("vendor/cytoscape/cytoscape.esm.min.mjs")
	if !bytes.Equal(got, want) {
		t.Error("gzipped body differs")
	}
	if w := get(t, h, "/assets/app.js", "Accept-Encoding", "gzip;q=0"); w.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
	if w := get(t, h, "/assets/nope.js"); w.Code != 404 {
		t.Errorf("missing asset: %d", w.Code)
	}
	// axe-core is for the tests only.
	if w := get(t, h, "/assets/vendor/axe-core/axe.min.js"); w.Code != 404 {
		t.Errorf("axe-core is served: %d", w.Code)
	}
}

// The one inline script, the import map, is allowed by its hash, and maps
// every module the app imports to its hashed URL.
func TestImportMapAndCSP(t *testing.T) {
	s := newSite(t)
	w := get(t, s.Handler(), "/")
	m := regexp.MustCompile(`<script type="importmap">(.*?)</script>`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatal("no import map")
	}
	sum := sha256.Sum256([]byte(m[1]))
	if !strings.Contains(w.Header().Get("Content-Security-Policy"), "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
		t.Errorf("CSP %q does not allow the import map", w.Header().Get("Content-Security-Policy"))
	}
	imp := regexp.MustCompile(`(?:from|import\()\s*"(\.[^"]+|/assets/[^"]+)"`)
	entries, _ := files.ReadDir("static")
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".js") {
			continue
		}
		src, _ := files.ReadFile("static/" + e.Name())
		for _, im := range imp.FindAllStringSubmatch(string(src), -1) {
			u := im[1]
			if strings.HasPrefix(u, "./") {
				u = "/assets/" + strings.TrimPrefix(u, "./")
			}
			if !strings.Contains(m[1], `"`+u+`":"/assets/`) {
				t.Errorf("%s imports %s, which the import map lacks", e.Name(), u)
			}
		}
	}
}

// The app's own files reach no other host: everything is in the binary.
func TestNoNetworkAtRunTime(t *testing.T) {
	ext := regexp.MustCompile(`https?://[^\s"'<>)]+`)
	entries, _ := files.ReadDir("static")
	for _, e := range entries {
		src, _ := files.ReadFile("static/" + e.Name())
		for _, u := range ext.FindAllString(string(src), -1) {
			if !strings.HasPrefix(u, "http://www.w3.org/") {
				t.Errorf("%s names %s", e.Name(), u)
			}
		}
	}
}

// The committed third-party files are those web/vendor/fetch.sh pinned.
func TestVendorChecksums(t *testing.T) {
	f, err := os.Open(filepath.Join("vendor", "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("bad line %q", sc.Text())
		}
		b, err := os.ReadFile(filepath.Join("vendor", name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got := sha256.Sum256(b)
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("%s does not match SHA256SUMS: run web/vendor/fetch.sh", name)
		}
		n++
	}
	if n < 10 {
		t.Errorf("SHA256SUMS lists %d files", n)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{"": false, "gzip": true, "deflate, gzip;q=1.0": true, "gzip;q=0": false, "br": false, "x-gzip": false} {
		if acceptsGzip(h) != want {
			t.Errorf("acceptsGzip(%q) = %v", h, !want)
		}
	}
}
