import pytest

from spiders.registry import SourceError, parse

GOOD = """
sources:
  - id: metrobali
    name: Metro Bali
    base_url: https://metrobali.com
    discovery:
      - {type: sitemap, url: /wp-sitemap.xml}
    article_pattern: '^/\\d{4}/'
"""


def test_good_registry_parses():
    (s,) = parse(GOOD)
    assert s.id == "metrobali" and s.allowed_domains == ("metrobali.com",)
    assert s.absolute("/feed/") == "https://metrobali.com/feed/"


@pytest.mark.parametrize(("change", "message"), [
    (("https://metrobali.com", "ftp://metrobali.com"), "source 'metrobali': field 'base_url'"),
    (("type: sitemap", "type: gopher"), "source 'metrobali': field 'discovery[0]'.type"),
    (("article_pattern: '^/\\d{4}/'", "article_pattern: '^/(['"), "field 'article_pattern' is not a valid regex"),
    (("url: /wp-sitemap.xml}", "url: /wp-sitemap.xml"), "reg.yaml: line 8 invalid YAML"),
    (("  - id: metrobali\n", "  - name2: x\n"), "source #1: missing field 'id'"),
    (("    name: Metro Bali\n", "    name: Metro Bali\n    relevence: [x]\n"), "source 'metrobali': unknown field 'relevence'"),
    (("    name: Metro Bali\n", "    name: Metro Bali\n    allowed_domains: [balipost.com]\n"),
     "field 'allowed_domains' does not cover the base_url host 'metrobali.com'"),
    (("    name: Metro Bali\n", "    name: Metro Bali\n    province_code: Bali\n"), "field 'province_code' must be"),
    (("    name: Metro Bali\n", "    name: Metro Bali\n    verified: maybe\n"), "field 'verified' must be true or false"),
])
def test_bad_entries_get_one_line_naming_source_and_field(change, message):
    with pytest.raises(SourceError) as exc:
        parse(GOOD.replace(*change), "reg.yaml")
    assert message in str(exc.value) and "\n" not in str(exc.value)
    assert str(exc.value).startswith("reg.yaml")


def test_the_shipped_registry_is_valid_and_every_source_says_what_is_assumed():
    from spiders.registry import DEFAULT_REGISTRY, load

    sources = load(DEFAULT_REGISTRY)
    assert len(sources) >= 12
    for s in sources:
        assert s.notes, f"{s.id}: notes are empty (say what is known and what is assumed)"
        assert s.cms in {"wordpress", "antara", "ombudsman", "custom", "unknown"}, s.id


@pytest.mark.parametrize("path, article", [
    ("/web/pemprov-bali-raih-predikat-hijau/", True),
    ("/pemprov-bali-raih-predikat-hijau/", True),
    ("/web/category/berita/", False), ("/category/berita/", False), ("/web/tag/ombudsman/", False),
    ("/web/feed/", False), ("/wp-sitemap.xml", False), ("/web/page/2/", False),
])
def test_taxonomy_pages_are_not_articles_on_portals(path, article):
    import re

    from spiders.registry import DEFAULT_REGISTRY, load

    (portal,) = [s for s in load(DEFAULT_REGISTRY) if s.id == "baliprov"]
    assert bool(re.search(portal.article_pattern, path)) is article


@pytest.mark.parametrize("path", ["/category/berita/", "/tag/ombudsman/", "/feed/", "/wp-sitemap.xml",
                                  "/page/2/", "/author/redaksi/", "/wp-content/uploads/x.jpg"])
def test_no_wordpress_source_takes_an_archive_page_for_an_article(path):
    import re

    from spiders.registry import DEFAULT_REGISTRY, load

    for s in load(DEFAULT_REGISTRY):
        if s.cms in ("wordpress", "unknown"):
            assert not re.search(s.article_pattern, path), (s.id, path)
