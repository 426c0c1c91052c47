#!/usr/bin/env bash
# Refresh the vendored Decap CMS (the web editor at /admin/) from the npm registry, at a pinned version.
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
printf 'decap-cms %s (npm, MIT), tarball sha256 %s\n' "$VERSION" "$SHA256" > "$target/VERSION"
sums=$(cd "$target" && sha256sum -- * | grep -v ' VERSION$')  # before SHA256SUMS exists
printf '%s\n' "$sums" > "$target/SHA256SUMS"
echo "Decap CMS $VERSION vendored in $target ($(du -sh "$target" | cut -f1))"
