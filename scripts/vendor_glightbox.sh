#!/usr/bin/env bash
# Refresh the vendored GLightbox (gallery lightbox) from the npm registry, at a pinned version.
# Nothing is fetched at build or test time: the files are committed under overrides/assets/vendor/.
set -euo pipefail
VERSION=3.3.1
# sha256 of the npm tarball, so a changed package on the registry is noticed.
SHA256=4bf117b2c6140a9d1d98478915d1811b2ee0ce935eb72aeca62ed357909a4e70
cd "$(dirname "$0")/.."
source scripts/npm_package.sh
target=overrides/assets/vendor/glightbox
fetch_package glightbox "$VERSION" "$SHA256"
mkdir -p "$target"
cp "$work/package/dist/js/glightbox.min.js" "$work/package/dist/css/glightbox.min.css" "$work/package/LICENSE.md" "$target/"
python3 scripts/csp_patches.py glightbox "$target/glightbox.min.js"  # so it runs under the pages' policy
printf 'glightbox %s (npm), tarball sha256 %s\n' "$VERSION" "$SHA256" > "$target/VERSION"
echo "GLightbox $VERSION vendored in $target"
