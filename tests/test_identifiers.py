"""DOIs and URLs as a reader takes them, and the malformed ones."""

from __future__ import annotations

from conftest import run, write


def _ids(tmp_path, text):
    _, x, findings, _ = run(write(tmp_path, "doc.txt", text))
    return x, findings


def test_doi_forms_and_trailing_punctuation(tmp_path):
    x, _ = _ids(tmp_path, (
        "See doi:10.1000/XYZ.123. Also https://doi.org/10.1016/0003-2697(85)90071-5, "
        "(https://dx.doi.org/10.1093/qje/qju032) and bare 10.1257/aer.20161500; "
        "and DOI: 10.1002/smj.3251» end; encoded https://doi.org/10.1000%2Fabc.\n"
    ))
    assert [d.value for d in x.dois] == [
        "10.1000/xyz.123", "10.1016/0003-2697(85)90071-5", "10.1093/qje/qju032",
        "10.1257/aer.20161500", "10.1002/smj.3251", "10.1000/abc",
    ]
    assert x.links == ()  # doi.org URLs are DOIs, not links


def test_malformed_dois(tmp_path):
    x, findings = _ids(tmp_path, "Bad: doi:10.12/abc and doi: 11.1000/x and DOI: 10.1234/ here.\n")
    kinds = [f.kind for f in findings]
    assert kinds == ["doi-malformed", "doi-malformed", "doi-malformed"]
    assert "four to nine digits" in findings[0].message
    assert x.dois == ()


def test_urls_markdown_escapes_and_trailing_characters(tmp_path):
    x, findings = _ids(tmp_path, (
        "A [report](https://example.org/a_(b)_c) and <https://example.org/auto>.\n"
        "Bare https://example.org/path?q=1&r=2, then (see https://example.org/x).\n"
        "« https://example.org/fr » and https://example.org/end.\n"
        "[https://e.org/A\\(2\\)](https://e.org/A(2)) ![img](https://e.org/i.png)\n"
    ))
    assert [link.url for link in x.links] == [
        "https://example.org/a_(b)_c", "https://example.org/auto",
        "https://example.org/path?q=1&r=2", "https://example.org/x",
        "https://example.org/fr", "https://example.org/end",
        "https://e.org/A(2)", "https://e.org/i.png",
    ]
    assert findings == []


def test_link_spans_are_line_and_character_columns(tmp_path):
    x, _ = _ids(tmp_path, "première ligne\nÉté « https://example.org/été » fin\n")
    link = x.links[0]
    assert (link.span.line, link.span.column) == (2, 7)
    assert link.url == "https://example.org/été"


def test_malformed_urls(tmp_path):
    _, findings = _ids(tmp_path, "Broken: https//example.org/a and htps://example.org/b and "
                                 "http://exa_mple.com/x and http://localhostx/\n")
    assert [f.kind for f in findings] == ["url-malformed"] * 4
    assert findings[0].suggestion == "https://example.org/a"


def test_the_fast_path_for_plain_urls_judges_as_the_parser_does():
    from citecheck.extract.identifiers import _parsed_url_problem, url_problem

    urls = ["https://www.example.com", "http://example.com/a/b?c=d#e", "https://EXAMPLE.org:8443/",
            "http://127.0.0.1:8080/x", "https://a-b.c-d.example/", "https://example.com:99999/",
            "https://example.com:65535/", "https://-bad.example.com/", "https://bad-.example.com/",
            "https://a_b.example.com/", "https://localhost/", "https://intranet/page",
            "https://user:pw@example.com/", "https://example.com./x", "https://exämple.com/",
            "https://" + "a" * 64 + ".com/", "https://" + "a" * 63 + ".com/", "https://[::1]/",
            "https://example.com:/", "https://example.com:80x/", "https://ex..ample.com/"]
    for url in urls:
        assert url_problem(url) == _parsed_url_problem(url), url
    assert url_problem("https://example.com:99999/") == "has an invalid port"
    assert "not valid" in (url_problem("https://" + "a" * 64 + ".com/") or "")
    assert url_problem("https://" + "a" * 63 + ".com/") is None


def test_a_doi_written_through_a_library_proxy_is_said_so(tmp_path):
    text = ("Seaman, M. A. (1998). Equivalence intervals. Psychological Methods, 3 (4), "
            "403–411. doi:http://dx.doi.org.dianus.libr.tue.nl/10.1037/1082-989X.3.4.403\n"
            "Other, A. (2001). A title. Journal, 2, 3. doi:10.1037/1082-989X.3.4.403\n")
    _, _, findings, _ = run(write(tmp_path, "refs.txt", text))
    malformed = [f for f in findings if f.kind == "doi-malformed"]
    assert len(malformed) == 1 and malformed[0].span.line == 1
    assert "dx.doi.org.dianus.libr.tue.nl" in malformed[0].message
    assert "10.1037/1082-989x.3.4.403" in malformed[0].message
