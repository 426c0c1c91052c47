"""A deterministic corpus of Vietnamese commune news posts for benchmarks (seeded, no network).

    .venv/bin/python -m benchmarks.corpus /tmp/tinxa-1000 --posts 1000 [--photo-share 0.1]

Writes a scratch copy of the site (mkdocs.yml, hooks, overrides, docs) with N generated posts
of ~700 words in posts/. With --photo-share, that share of posts gets a 4000×3000 phone photo.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from hooks.settings import DEFAULT_CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = list(DEFAULT_CATEGORIES)
PHRASES = """hội nghị tổng kết|công tác xây dựng Đảng|Đảng ủy xã|Ủy ban nhân dân|Hội đồng nhân dân|Mặt trận Tổ quốc|
nông thôn mới|sản xuất nông nghiệp|diện tích gieo trồng|năng suất lúa|chăn nuôi gia súc|thủy lợi nội đồng|
kênh mương|đường giao thông nông thôn|bê tông hóa|hộ nghèo|gia đình chính sách|người cao tuổi|khuyến học|
trường mầm non|trạm y tế|tiêm chủng mở rộng|vệ sinh môi trường|phòng chống thiên tai|phòng cháy chữa cháy|
dân quân tự vệ|huấn luyện|an ninh trật tự|công an xã|cải cách hành chính|một cửa|dịch vụ công trực tuyến|
chuyển đổi số|văn hóa|thể dục thể thao|văn nghệ quần chúng|đoàn thanh niên|hội phụ nữ|hội nông dân|
hội cựu chiến binh|thôn Đồng Chùa|thôn Phước Lộc|thôn Tân Lập|thôn Hòa Bình|thôn Khê Thượng|xóm Bãi|
cán bộ|đảng viên|chi bộ|nghị quyết|chỉ tiêu|kế hoạch|báo cáo|giấy khen|bằng khen|biểu dương|
khen thưởng|tập thể|cá nhân|hoàn thành xuất sắc|nhiệm vụ|năm 2024|quý I|tháng|ngày|đồng chí|
Bí thư|Phó Bí thư|Chủ tịch|Phó Chủ tịch|thường trực|tham dự|phát biểu|chỉ đạo|triển khai|thực hiện|
đánh giá|kết quả|đạt|vượt|tăng|giảm|so với cùng kỳ|tỷ lệ|bình quân|thu nhập|ngân sách|
đầu tư|công trình|khởi công|nghiệm thu|bàn giao|sử dụng đất|quy hoạch|lấy ý kiến|nhân dân|cử tri|
tiếp xúc|kiến nghị|giải quyết|đơn thư|hòa giải|cơ sở|khoẻ mạnh|thuỷ sản|lúa mùa|vụ đông|hoa màu"""
WORDS = [p.strip() for p in PHRASES.replace("\n", "").split("|") if p.strip()]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Văn Hùng", "Thị Hạnh", "Minh Tuấn", "Thu Trang", "Đức Thắng", "Thị Lan", "Quang Huy", "Hữu Nghĩa"]


def sentence(rng: random.Random) -> str:
    parts = [rng.choice(WORDS) for _ in range(rng.randint(6, 11))]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts)), f"đồng chí {rng.choice(SURNAMES)} {rng.choice(GIVEN)}")
    if rng.random() < 0.3:
        parts.append(f"{rng.randint(10, 999)},{rng.randint(10, 99)} ha")
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def post(rng: random.Random, number: int, photo: str | None) -> tuple[str, str]:
    year = 2020 + number % 5
    month, day = 1 + (number * 7) % 12, 1 + (number * 13) % 28
    date = f"{year}-{month:02d}-{day:02d}"
    title = sentence(rng).rstrip(".")[:90]
    paragraphs = []
    words = 0
    while words < 700:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        words += len(paragraph.split())
        paragraphs.append(paragraph)
    tags = ", ".join(rng.sample(WORDS[:40], 2))
    lines = [f'title: "{title}"', f"date: {date}", f"category: {rng.choice(CATEGORIES)}", f"tags: [{tags}]"]
    if photo:
        lines.append(f"cover: {photo}")
    name = f"{date}-bai-{number:04d}"
    return name, "---\n" + "\n".join(lines) + "\n---\n" + "\n\n".join(paragraphs) + "\n"


def make_site(target: Path, posts: int, photo_share: float = 0.0, seed: int = 2024) -> Path:
    """A scratch site at ``target`` with ``posts`` generated posts; returns ``target``."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "tinxa.yml", "hooks", "overrides", "docs", "huong-dan"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    rng = random.Random(seed)
    (target / "posts").mkdir()
    (target / "images").mkdir()
    photo_every = round(1 / photo_share) if photo_share else 0
    if photo_every:
        from benchmarks.phone_photos import write_phone_photo
    for number in range(posts):
        photo = None
        if photo_every and number % photo_every == 0:
            photo = f"images/bench/{number:04d}.jpg"
            write_phone_photo(target / photo, number, orientation=(1, 6, 3, 8)[number % 4])
        name, text = post(rng, number, photo)
        (target / "posts" / f"{name}.md").write_text(text, encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--photo-share", type=float, default=0.0)
    args = parser.parse_args()
    make_site(args.target, args.posts, args.photo_share)
    print(f"{args.posts} bài viết trong {args.target}")


if __name__ == "__main__":
    main()
