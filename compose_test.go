package main

import (
	"bufio"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// TestDockerCompose checks docker-compose.yml and the load balancer's
// configuration: two servers on one PostgreSQL, each with its own index
// volume and server id, the same database and tokens, and HAProxy sending
// to both, health-checked on /readyz.
func TestDockerCompose(t *testing.T) {
	type service struct {
		Image       string
		Build       any
		Environment map[string]string
		Volumes     []string
		DependsOn   any `yaml:"depends_on"`
		Ports       []string
	}
	var compose struct {
		Services map[string]service
		Volumes  map[string]any
	}
	b, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	pg, ok := compose.Services["postgres"]
	if !ok || !strings.HasPrefix(pg.Image, "postgres:") {
		t.Fatalf("no postgres service: %+v", compose.Services)
	}
	servers := []string{"tracuu1", "tracuu2"}
	ids, vols := map[string]bool{}, map[string]bool{}
	var dbURL, tokens string
	for _, name := range servers {
		s, ok := compose.Services[name]
		if !ok {
			t.Fatalf("no service %s", name)
		}
		env := s.Environment
		u, err := url.Parse(env["DATABASE_URL"])
		if err != nil || u.Scheme != "postgres" || u.Hostname() != "postgres" || u.Path != "/"+pg.Environment["POSTGRES_DB"] ||
			u.User.Username() != pg.Environment["POSTGRES_USER"] {
			t.Errorf("%s: DATABASE_URL %q does not name the postgres service's database", name, env["DATABASE_URL"])
		}
		if dbURL == "" {
			dbURL, tokens = env["DATABASE_URL"], env["API_TOKENS"]
		} else if env["DATABASE_URL"] != dbURL || env["API_TOKENS"] != tokens {
			t.Errorf("%s: the servers must share the database and the tokens", name)
		}
		if env["SERVER_ID"] == "" || ids[env["SERVER_ID"]] {
			t.Errorf("%s: SERVER_ID %q missing or not unique", name, env["SERVER_ID"])
		}
		ids[env["SERVER_ID"]] = true
		if env["ADDR"] != ":8080" || env["DATA_DIR"] == "" {
			t.Errorf("%s: ADDR %q, DATA_DIR %q", name, env["ADDR"], env["DATA_DIR"])
		}
		var own string
		for _, v := range s.Volumes {
			if src, dst, _ := strings.Cut(v, ":"); dst == env["DATA_DIR"] {
				own = src
			}
		}
		if own == "" || vols[own] || compose.Volumes[own] == nil && !hasKey(compose.Volumes, own) {
			t.Errorf("%s: its DATA_DIR needs a named volume of its own, got %q", name, own)
		}
		vols[own] = true
		if deps, _ := s.DependsOn.(map[string]any); deps["postgres"] == nil {
			t.Errorf("%s: does not wait for postgres: %v", name, s.DependsOn)
		}
	}

	lb, ok := compose.Services["lb"]
	if !ok || !strings.HasPrefix(lb.Image, "haproxy:") || len(lb.Ports) == 0 {
		t.Fatalf("no load balancer: %+v", lb)
	}
	var cfgPath string
	for _, v := range lb.Volumes {
		if src, dst, _ := strings.Cut(v, ":"); strings.HasSuffix(dst, "haproxy.cfg:ro") || strings.HasSuffix(dst, "haproxy.cfg") {
			cfgPath = strings.TrimPrefix(src, "./")
		}
	}
	f, err := os.Open(cfgPath)
	if err != nil {
		t.Fatalf("the load balancer's configuration (%q): %v", cfgPath, err)
	}
	defer f.Close()
	var checked, backup []string
	var httpchk bool
	for sc := bufio.NewScanner(f); sc.Scan(); {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 3 && fields[0] == "server":
			host, _, _ := strings.Cut(fields[2], ":")
			if !strings.HasSuffix(fields[2], ":8080") {
				t.Errorf("upstream %s: not the servers' port", fields[2])
			}
			if slices.Contains(fields, "backup") {
				backup = append(backup, host)
			} else if slices.Contains(fields, "check") {
				checked = append(checked, host)
			}
		case strings.Join(fields, " ") == "option httpchk GET /readyz":
			httpchk = true
		}
	}
	if !slices.Equal(checked, servers) || !slices.Equal(backup, servers) || !httpchk {
		t.Errorf("upstreams %v (checked on /readyz: %v), backups %v; want %v", checked, httpchk, backup, servers)
	}
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

// TestDockerfileCopiesReplacedModules checks that the Dockerfile copies
// every module go.mod replaces with a folder of the repository before it
// runs `go mod download`, which reads their go.mod files (the zapx fork,
// third_party/zapx): without them the image's build stops there.
func TestDockerfileCopiesReplacedModules(t *testing.T) {
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for line := range strings.Lines(string(mod)) {
		_, target, ok := strings.Cut(line, "=>")
		if f := strings.Fields(target); ok && len(f) > 0 && strings.HasPrefix(f[0], "./") {
			dirs = append(dirs, strings.TrimSuffix(strings.TrimPrefix(f[0], "./"), "/"))
		}
	}
	if len(dirs) == 0 {
		t.Fatal("go.mod replaces no module with a folder: the test reads nothing")
	}
	docker, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	copied := map[string]bool{}
	for line := range strings.Lines(string(docker)) {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "COPY":
			for _, src := range f[1 : len(f)-1] {
				copied[strings.TrimSuffix(strings.TrimPrefix(src, "./"), "/")] = true
			}
		case len(f) >= 2 && f[0] == "RUN" && strings.Contains(line, "go mod download"):
			for _, d := range dirs {
				covered := copied["."]
				for c := range copied {
					covered = covered || d == c || strings.HasPrefix(d, c+"/")
				}
				if !covered {
					t.Errorf("Dockerfile runs go mod download before copying %s, which go.mod's replace needs", d)
				}
			}
			return
		}
	}
	t.Fatal("Dockerfile runs no go mod download")
}
