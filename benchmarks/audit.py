"""Audit the sample site as residents get it: W3C Nu HTML Checker and Lighthouse (mobile).

    .venv/bin/python -m benchmarks.audit          (make audit)

Builds the sample site into a scratch folder, serves it at its GitHub Pages path on 127.0.0.1,
then prints the checker's errors for home, a post with a gallery, a category page, search
results and the 404 page, and Lighthouse's four scores for home and a post. Slow (about a
minute) and network-free, so it is reported by hand rather than gating CI.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from browser import CHROMIUM_ARGS, chromium_path, serve_directory

from hooks.settings import read_config

ROOT = Path(__file__).resolve().parent.parent

# Installed by `make audit` only, in a package of their own (the editor and the tests need neither).
AUDIT_TOOLS = ROOT / "benchmarks/audit-tools/node_modules"
NODE_BIN = AUDIT_TOOLS / ".bin"
VNU_JAR = AUDIT_TOOLS / "vnu-jar/build/dist/vnu.jar"
PAGES = {
    "trang chủ": "",
    "bài có bộ ảnh": "tin-tuc/2023-12-13-tong-ket-dang-uy/",
    "bài có video": "tin-tuc/2023-11-05-ngay-hoi-dai-doan-ket/",
    "chuyên mục": "chuyen-muc/kinh-te/",
    "thẻ": "the/",
    "lưu trữ": "luu-tru/",
    "bài có bảng": "tin-tuc/2023-12-20-tong-ket-kinh-te-xa-hoi/",
    "bài có bản tin": "tin-tuc/2023-12-01-ban-tin-truyen-thanh-tuan-48/",
    "truyền thanh": "truyen-thanh/",
    "thư viện ảnh": "thu-vien-anh/",
    "trang không có mạng": "ngoai-tuyen/",
    "văn bản": "van-ban/",
    "lịch công tác": "lich-cong-tac/",
    "trang viết tay": "gioi-thieu/",
    "kết quả tìm kiếm": "tim-kiem/?q=hoi+nghi",
    "trang 404": "khong-co-trang-nay/",
}
LIGHTHOUSE_PAGES = ("trang chủ", "bài có bộ ảnh")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def build(target: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(target)], cwd=ROOT, env=env, check=True)


def rendered_pages(base: str, out: Path) -> dict[str, Path]:
    """Each page's HTML as the browser holds it after scripts ran (search results are drawn by JS)."""
    from playwright.sync_api import sync_playwright

    files = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for name, url in PAGES.items():
            page.goto(base + url, wait_until="networkidle")
            path = out / f"{len(files)}.html"
            path.write_text("<!doctype html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8")
            files[name] = path
        browser.close()
    return files


def nu_checker(files: dict[str, Path]) -> int:
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files.values())],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = 0
    print("W3C Nu HTML Checker (vnu-jar):")
    for name, path in files.items():
        mine = [m for m in messages if m.get("url") == f"file:{path}" and m["type"] == "error"]
        errors += len(mine)
        print(f"  {name}: {len(mine)} lỗi")
        for message in mine[:5]:
            print(f"    dòng {message.get('lastLine')}: {message['message']}")
    return errors


def lighthouse(url: str, out: Path) -> dict[str, int]:
    report = out / "lighthouse.json"
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        [
            str(NODE_BIN / "lighthouse"),
            url,
            f"--chrome-path={chromium_path()}",
            f"--chrome-flags={flags}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ],
        check=True,
    )
    data = json.loads(report.read_text())
    for audit in data["audits"].values():
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary":
            print(f"    chưa đạt: {audit['id']} – {audit['title']}")
    shown = (
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
        "cumulative-layout-shift",
        "total-byte-weight",
    )
    print("    " + ", ".join(f"{key}: {data['audits'][key]['displayValue']}" for key in shown))
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        served = scratch_dir / "served"
        path = urlsplit(read_config(ROOT).site_url).path.strip("/")
        build(served / path)
        with serve_directory(served) as root:
            base = f"{root}{path}/" if path else root
            nu_checker(rendered_pages(base, scratch_dir))
            if not args.no_lighthouse:
                print("Lighthouse 12 (điện thoại, mạng chậm mô phỏng):")
                for name in LIGHTHOUSE_PAGES:
                    print(f"  {name}:")
                    scores = lighthouse(base + PAGES[name], scratch_dir)
                    print("    " + ", ".join(f"{key} {value}" for key, value in scores.items()))


if __name__ == "__main__":
    main()
