#!/usr/bin/env bash
# Refresh the vendored Decap CMS (the web editor at /admin/) and js-yaml from the npm registry, at pinned versions.
# Nothing is fetched at build or test time: the files are committed under overrides/assets/vendor/.
# Decap's save service for `make admin` (decap-server) is an npm dependency instead: package.json.
set -euo pipefail
VERSION=3.16.3
# sha256 of the npm tarball, so a changed package on the registry is noticed.
SHA256=f1c0055411ebdbd5b7c77a835a68b92b5467622585838f8496223b27eee116d1
cd "$(dirname "$0")/.."
source scripts/npm_package.sh
target=overrides/assets/vendor/decap-cms
fetch_package decap-cms "$VERSION" "$SHA256"
rm -rf "$target"
mkdir -p "$target"
# The main bundle, the chunks it loads on demand (editor modes, image tools) and their wasm files;
# not the second "cms.js" build, which is the same code without the CMS global.
cp "$work"/package/dist/decap-cms.js "$work"/package/dist/*.decap-cms.js "$work"/package/dist/*.wasm \
  "$work"/package/dist/decap-cms.js.LICENSE.txt "$target/"
python3 scripts/csp_patches.py decap "$target/decap-cms.js"  # so it runs under /admin/'s policy
printf 'decap-cms %s (npm, MIT), tarball sha256 %s\n' "$VERSION" "$SHA256" > "$target/VERSION"
sums=$(cd "$target" && sha256sum -- * | grep -v ' VERSION$')  # before SHA256SUMS exists
printf '%s\n' "$sums" > "$target/SHA256SUMS"
echo "Decap CMS $VERSION vendored in $target ($(du -sh "$target" | cut -f1))"

# js-yaml reads and writes the posts' front matter in the editor (tinxa-admin.js: a format that
# also opens galleries Decap's own cannot). JSON schema, so dates stay text as in hooks/frontmatter.py.
YAML_VERSION=4.1.0
YAML_SHA256=0dae332559cf22b21c26ea70e732afd8303ff99412f9c3d9d209faa8882cf2ca
rm -rf "$work/package"
fetch_package js-yaml "$YAML_VERSION" "$YAML_SHA256"
yaml_target=overrides/assets/vendor/js-yaml
rm -rf "$yaml_target"
mkdir -p "$yaml_target"
cp "$work/package/dist/js-yaml.min.js" "$work/package/LICENSE" "$yaml_target/"
printf 'js-yaml %s (npm, MIT), tarball sha256 %s\n' "$YAML_VERSION" "$YAML_SHA256" > "$yaml_target/VERSION"
echo "js-yaml $YAML_VERSION vendored in $yaml_target"
