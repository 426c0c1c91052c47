import pytest

from hooks.problems import SiteError
from hooks.settings import DEFAULT_CATEGORIES, load_settings


def test_defaults(tmp_path):
    settings = load_settings(tmp_path, "Xã A", {})
    assert [c.name for c in settings.categories] == list(DEFAULT_CATEGORIES)
    assert settings.category("VĂN HOÁ - XÃ HỘI").name == "Văn hóa - Xã hội"
    assert settings.category("Thể thao") is None
    assert settings.per_page == 10


def test_configured_categories(tmp_path):
    settings = load_settings(tmp_path, "Xã A", {"tinxa": {"categories": ["Nông nghiệp", "Y tế"], "per_page": 5}})
    assert [(c.name, c.slug) for c in settings.categories] == [("Nông nghiệp", "nong-nghiep"), ("Y tế", "y-te")]
    assert settings.per_page == 5


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"categories": "Kinh tế"}, "extra.tinxa.categories"),
        ({"categories": ["Văn hóa", "Văn hoá"]}, "extra.tinxa.categories"),
        ({"per_page": 0}, "extra.tinxa.per_page"),
        ({"per_page": "mười"}, "extra.tinxa.per_page"),
        ({"card_colour": "đỏ"}, "extra.tinxa.card_colour"),
        ({"card_image": "docs/assets/khong-co.jpg"}, "extra.tinxa.card_image"),
    ],
)
def test_bad_settings_are_reported_in_vietnamese(tmp_path, extra, field):
    with pytest.raises(SiteError) as error:
        load_settings(tmp_path, "Xã A", {"tinxa": extra})
    [problem] = error.value.problems
    assert problem.file == "mkdocs.yml" and problem.field == field and problem.fix


def test_empty_tagline_is_empty(tmp_path):
    assert load_settings(tmp_path, "Xã A", {"tinxa": {"tagline": None}}).tagline == ""


def test_the_site_card_takes_the_theme_logo_when_it_is_a_file(tmp_path):
    (tmp_path / "docs/assets").mkdir(parents=True)
    (tmp_path / "docs/assets/logo.png").write_bytes(b"png")
    assert load_settings(tmp_path, "Xã A", {}, logo="assets/logo.png").logo == "docs/assets/logo.png"
    assert load_settings(tmp_path, "Xã A", {}, logo="assets/khong-co.png").logo == ""
    assert load_settings(tmp_path, "Xã A", {}).card_colour == "#b71c1c"


def test_frame_hosts_are_https_origins_and_nothing_looser(tmp_path):
    settings = load_settings(tmp_path, "Xã", {"tinxa": {"frame_hosts": ["https://www.google.com/", "HTTPS://Maps.Example.vn"]}})
    assert settings.frame_hosts == ("https://www.google.com", "https://maps.example.vn")
    for loose in ("http://www.google.com", "*", "https://*.google.com", "'unsafe-inline'", "https://www.google.com/maps"):
        with pytest.raises(SiteError) as raised:
            load_settings(tmp_path, "Xã", {"tinxa": {"frame_hosts": [loose]}})
        assert "extra.tinxa.frame_hosts" in str(raised.value) and "https://tên-miền" in str(raised.value)
