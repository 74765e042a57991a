from delaktig.core.markdown import render_markdown


def test_headings_start_at_h2_and_lists_render():
    html = render_markdown("# Vad vi hörde\n\n- Mer information\n- Tid för samverkan")
    assert "<h2>Vad vi hörde</h2>" in html
    assert html.count("<li>") == 2


def test_raw_html_and_scripts_never_pass():
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html  # shown as text, never as tags
    assert "&lt;script&gt;" in html


def test_only_safe_links_survive_and_get_nofollow():
    html = render_markdown("[a](javascript:alert(1)) [b](https://vansbro.se)")
    assert 'href="javascript' not in html
    assert 'href="https://vansbro.se"' in html and 'rel="nofollow noopener"' in html
