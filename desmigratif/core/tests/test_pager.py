"""The pager (templates/_pager.html): its links are the page's own query with the page replaced."""

from django.core.paginator import Paginator
from django.template.loader import get_template


def _pager(request, number):
    return get_template("_pager.html").render({"page": Paginator(range(6), 2).get_page(number)}, request)


def test_the_links_keep_the_filters_and_replace_the_page(rf):
    request = rf.get("/", {"village": "35.07.33.2006", "q": "Siti Aminah", "page": "2"})
    html = _pager(request, 2)
    assert 'href="?village=35.07.33.2006&amp;q=Siti+Aminah&amp;page=1"' in html
    assert 'href="?village=35.07.33.2006&amp;q=Siti+Aminah&amp;page=3"' in html


def test_a_page_without_filters_links_the_page_alone(rf):
    html = _pager(rf.get("/"), 1)
    assert 'href="?page=2"' in html and html.count("href=") == 1


def test_the_links_never_ask_for_a_download(rf):
    html = _pager(rf.get("/", {"status": "open", "format": "csv"}), 2)
    assert 'href="?status=open&amp;page=1"' in html and 'href="?status=open&amp;page=3"' in html
    assert "format" not in html
