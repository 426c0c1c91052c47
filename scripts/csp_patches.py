"""Small, exact edits to vendored libraries so they run under the pages' security policy (hooks/policy.py).

Run by scripts/vendor_glightbox.sh and scripts/vendor_decap.sh on the files they vendor. Each edit is
pinned to the vendored version: when a new version no longer has the text, this stops with an error
rather than vendor a library the policy would break.

    python3 scripts/csp_patches.py glightbox overrides/assets/vendor/glightbox/glightbox.min.js
    python3 scripts/csp_patches.py decap overrides/assets/vendor/decap-cms/decap-cms.js
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

# (what, pattern, replacement, how many times it must occur)
PATCHES = {
    "glightbox": [
        (
            # element.setAttribute("style", …) is an inline style the policy refuses; the same declarations set
            # through the CSSOM (element.style.cssText) are allowed. A call, so `a && b.setAttribute(…)` stays valid.
            "style attributes set through the CSSOM",
            r'(?<![\w$.\])])([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.setAttribute\("style",',
            r"(function(e,v){e.style.cssText=v})(\1,",
            8,
        ),
        (
            # A <style> element for the scrollbar's width is refused too: a custom property on <html> carries it,
            # used by tinxa.css (body.gscrollbar-fixer).
            "scrollbar width as a custom property",
            r'o\.innerText="\.gscrollbar-fixer \{margin-right: "\.concat\(l,"px\}"\),document\.head\.appendChild\(o\)',
            r'document.documentElement.style.setProperty("--tx-scrollbar-width",l+"px")',
            1,
        ),
    ],
    "decap": [
        (
            # Decap checks its config.yml with Ajv, which compiles validators with new Function: 'unsafe-eval'.
            # Our config.yml is generated and tested (hooks/editor.py), so the check is skipped, not the policy.
            "no run-time config validation",
            r"!function\(e\)\{const (\w+)=new\((\w+)\(\)\)\(\{allErrors:!0,",
            r"!function(e){return;const \1=new(\2())({allErrors:!0,",
            1,
        ),
        (
            # A Node-only lookup (require does not exist in a browser) through eval: fails either way, quietly now.
            "no eval for Node's util.inspect",
            r"""const (\w+)=eval\("require\('util'\)\.inspect"\);""",
            r"const \1=void 0;",
            1,
        ),
        (
            # gray-matter's JavaScript front matter ("---js") runs the post's own text with eval: never here.
            "no JavaScript front matter",
            r"eval\(str\)\|\|\{\}",
            r'(function(){throw new Error("JavaScript front matter is not read")})()',
            1,
        ),
    ],
}


def patch(library: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for what, pattern, replacement, expected in PATCHES[library]:
        text, count = re.subn(pattern, replacement, text)
        if count != expected:
            sys.exit(f"{path}: {what}: found {count} times, expected {expected}; review the patch for this version")
    path.write_text(text, encoding="utf-8")
    # An edit that broke the syntax is caught here, not by a resident's browser.
    if shutil.which("node") and subprocess.run(["node", "--check", str(path)], check=False).returncode != 0:
        sys.exit(f"{path}: not valid JavaScript after the edits")
    print(f"{path}: {len(PATCHES[library])} edits for the security policy")


if __name__ == "__main__":
    patch(sys.argv[1], Path(sys.argv[2]))
