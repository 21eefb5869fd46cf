#!/bin/sh
# fetch.sh re-fetches the third-party JavaScript under web/vendor from the
# npm registry (with `npm pack`, at the pinned versions below) and checks
# every file against SHA256SUMS before it replaces the committed copy.
#
#   web/vendor/fetch.sh           re-fetch, verify, install
#   web/vendor/fetch.sh -update   re-fetch and rewrite SHA256SUMS (after
#                                 changing a version here; review the diff)
#
# npm is needed only here: building, testing and running use the committed
# files.
set -eu
cd "$(dirname "$0")"
update=${1:-}

# package@version  file-in-tarball  destination
PINS='
cytoscape@3.34.4         dist/cytoscape.esm.min.mjs                   cytoscape/cytoscape.esm.min.mjs
cytoscape@3.34.4         LICENSE                                      cytoscape/LICENSE
graphiql@4.1.2           graphiql.min.js                              graphiql/graphiql.min.js
graphiql@4.1.2           graphiql.min.css                             graphiql/graphiql.min.css
graphiql@4.1.2           LICENSE                                      graphiql/LICENSE
react@18.3.1             umd/react.production.min.js                  react/react.production.min.js
react@18.3.1             LICENSE                                      react/LICENSE
react-dom@18.3.1         umd/react-dom.production.min.js              react-dom/react-dom.production.min.js
react-dom@18.3.1         LICENSE                                      react-dom/LICENSE
axe-core@4.14.1          axe.min.js                                   axe-core/axe.min.js
axe-core@4.14.1          LICENSE                                      axe-core/LICENSE
axe-core@4.14.1          LICENSE-3RD-PARTY.txt                        axe-core/LICENSE-3RD-PARTY.txt
'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/packs" "$tmp/out"

echo "$PINS" | awk 'NF == 3 { print $1 }' | sort -u | while read -r pkg; do
	# npm pack checks the tarball against the registry's integrity hash.
	(cd "$tmp/packs" && npm pack --silent "$pkg" >/dev/null)
	name=$(echo "$pkg" | tr '@' '-')
	mkdir "$tmp/packs/$name"
	tar -xzf "$tmp/packs/$name.tgz" -C "$tmp/packs/$name"
done

echo "$PINS" | awk 'NF == 3' | while read -r pkg from to; do
	name=$(echo "$pkg" | tr '@' '-')
	mkdir -p "$tmp/out/$(dirname "$to")"
	cp "$tmp/packs/$name/package/$from" "$tmp/out/$to"
done

if [ "$update" = "-update" ]; then
	(cd "$tmp/out" && find . -type f | sed 's|^\./||' | sort | xargs sha256sum) >SHA256SUMS
	echo "SHA256SUMS rewritten"
else
	(cd "$tmp/out" && sha256sum --quiet -c "$OLDPWD/SHA256SUMS")
fi
(cd "$tmp/out" && find . -type f) | sed 's|^\./||' | while read -r f; do
	mkdir -p "$(dirname "$f")"
	cp "$tmp/out/$f" "$f"
done
echo "web/vendor: every file matches SHA256SUMS"
