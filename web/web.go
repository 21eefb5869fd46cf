// Package web serves the newsroom web app and GraphiQL from files embedded
// in the binary: no CDN, no network at run time.
//
// Every file is served twice: at a content-hashed URL
// (/assets/app.3f2a9c1d0e.js) that may be cached for a year, and at its
// plain URL (/assets/app.js) with an ETag and Cache-Control: no-cache. The
// pages name the hashed URLs, and an import map sends the app's own ES
// module imports (./api.js) to them, so a new build is picked up at once
// and an unchanged file is never fetched twice. Text files are gzipped once,
// at start-up.
//
// The app talks to the server only through the public GraphQL API
// (/graphql) and the export URLs (/export/network), as any frontend would.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
	"text/template"
)

//go:embed static vendor/cytoscape vendor/graphiql vendor/react vendor/react-dom
var files embed.FS

// Routes of the app: each serves the same page, which draws the route
// from the URL (see static/app.js).
var routes = []string{"/{$}", "/search", "/article/{id}", "/person/{id}", "/organisation/{id}",
	"/resolution/{id}", "/report/{id}", "/network", "/add"}

// asset is one embedded file ready to serve.
type asset struct {
	name   string // path in files, e.g. static/app.js
	url    string // plain URL, e.g. /assets/app.js
	hashed string // content-hashed URL, e.g. /assets/app.3f2a9c1d0e.js
	ctype  string
	body   []byte
	gz     []byte // nil when gzip does not pay
	etag   string
}

// Site is the web app and GraphiQL, ready to serve.
type Site struct {
	assets map[string]*asset // by plain and hashed URL
	byName map[string]*asset
	app    *asset // the app's page
	gql    *asset // GraphiQL's page
	csp    string
}

// New loads the embedded files. It fails only if the embedded files are
// broken, which a test catches.
func New() (*Site, error) {
	s := &Site{assets: map[string]*asset{}, byName: map[string]*asset{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(name, ".html") {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		a := newAsset(name, strings.TrimPrefix(name, "static/"), body)
		s.assets[a.url], s.assets[a.hashed], s.byName[name] = a, a, a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: unable to load the embedded files: %w", err)
	}
	importMap, err := s.importMap()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(importMap))
	// The import map is the one inline script; it is allowed by its hash.
	s.csp = "default-src 'self'; script-src 'self' 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
		"connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
	if s.app, err = s.page("static/index.html", importMap); err != nil {
		return nil, err
	}
	if s.gql, err = s.page("static/graphiql.html", importMap); err != nil {
		return nil, err
	}
	return s, nil
}

func newAsset(name, rel string, body []byte) *asset {
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])[:10]
	dir, file := path.Split(rel)
	ext := path.Ext(file)
	a := &asset{
		name:   name,
		url:    "/assets/" + rel,
		hashed: "/assets/" + dir + strings.TrimSuffix(file, ext) + "." + hash + ext,
		ctype:  contentType(ext),
		body:   body,
		etag:   `"` + hash + `"`,
	}
	if compressible(a.ctype) && len(body) > 512 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body)*9/10 {
			a.gz = buf.Bytes()
		}
	}
	return a
}

func contentType(ext string) string {
	switch ext {
	case ".mjs", ".js":
		return "text/javascript; charset=utf-8"
	case "", ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "json") || strings.Contains(ctype, "svg")
}

// URL returns the content-hashed URL of an embedded file, e.g.
// URL("static/app.js"), or "" if there is none.
func (s *Site) URL(name string) string {
	if a := s.byName[name]; a != nil {
		return a.hashed
	}
	return ""
}

// importMap maps the plain URL of every ES module to its hashed URL.
func (s *Site) importMap() (string, error) {
	m := map[string]string{}
	for name, a := range s.byName {
		// graphiql.js is a classic script, not a module.
		module := strings.HasSuffix(name, ".js") && strings.HasPrefix(name, "static/") && name != "static/graphiql.js"
		if module || strings.HasSuffix(name, ".mjs") {
			m[a.url] = a.hashed
		}
	}
	b, err := json.Marshal(map[string]any{"imports": m})
	return string(b), err
}

// page renders an HTML page whose {{asset "name"}} are hashed URLs.
func (s *Site) page(name, importMap string) (*asset, error) {
	src, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var missing []string
	t, err := template.New(name).Funcs(template.FuncMap{
		"asset": func(n string) string {
			u := s.URL(n)
			if u == "" {
				missing = append(missing, n)
			}
			return u
		},
	}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("web: %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, map[string]string{"ImportMap": importMap}); err != nil {
		return nil, fmt.Errorf("web: %s: %w", name, err)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("web: %s names files that are not embedded: %s", name, strings.Join(missing, ", "))
	}
	return newAsset(name, path.Base(name), buf.Bytes()), nil
}

// Handler serves the app's pages at its routes, GraphiQL at /graphiql and
// the files under /assets/.
func (s *Site) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, r := range routes {
		mux.HandleFunc("GET "+r, func(w http.ResponseWriter, r *http.Request) { s.servePage(w, r, s.app, http.StatusOK) })
	}
	mux.HandleFunc("GET /graphiql", func(w http.ResponseWriter, r *http.Request) { s.servePage(w, r, s.gql, http.StatusOK) })
	mux.HandleFunc("GET /assets/", func(w http.ResponseWriter, r *http.Request) {
		a := s.assets[r.URL.Path]
		if a == nil {
			http.NotFound(w, r)
			return
		}
		if r.URL.Path == a.hashed {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		serve(w, r, a, http.StatusOK)
	})
	// Any other path: the app's page, which says the page does not exist.
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) { s.servePage(w, r, s.app, http.StatusNotFound) })
	return mux
}

func (s *Site) servePage(w http.ResponseWriter, r *http.Request, a *asset, status int) {
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", s.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	serve(w, r, a, status)
}

// serve writes a, or 304 when the client has it, gzipped when it may be.
func serve(w http.ResponseWriter, r *http.Request, a *asset, status int) {
	h := w.Header()
	h.Set("ETag", a.etag)
	h.Set("Content-Type", a.ctype)
	h.Set("Vary", "Accept-Encoding")
	if status == http.StatusOK && etagMatch(r.Header.Get("If-None-Match"), a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	if a.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		body = a.gz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(coding) != "gzip" {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// File is one embedded JavaScript or CSS file and its size as served.
type File struct {
	Name        string // e.g. static/app.js, vendor/cytoscape/cytoscape.esm.min.mjs
	Bytes, Gzip int
}

// Files lists the JavaScript and CSS the server ships, by name, with
// their sizes raw and gzipped (as served to browsers that accept gzip),
// for the figures in web/README.md.
func (s *Site) Files() []File {
	var out []File
	for name, a := range s.byName {
		if ext := path.Ext(name); ext != ".js" && ext != ".mjs" && ext != ".css" {
			continue
		}
		f := File{Name: name, Bytes: len(a.body), Gzip: len(a.body)}
		if a.gz != nil {
			f.Gzip = len(a.gz)
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
