"""A post's text on the page: escaped, linked safely, addresses and numbers masked."""

import pytest

from ..text import render_post


def html(text, **kw):
    return str(render_post(text, **kw).html)


def test_html_and_script_are_shown_as_text():
    out = html('<script>alert("x")</script> <b>fet</b> <a href="javascript:x">länk</a>')
    assert "<script>" not in out and "<b>" not in out and '<a href="javascript' not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "&lt;b&gt;fet&lt;/b&gt;" in out


def test_links_are_nofollow_ugc_noopener():
    out = html("Läs https://www.vansbro.se/utmaningen. Och www.example.org!")
    assert (
        '<a href="https://www.vansbro.se/utmaningen" rel="nofollow ugc noopener">'
        "https://www.vansbro.se/utmaningen</a>." in out
    )
    assert (
        '<a href="https://www.example.org" rel="nofollow ugc noopener">www.example.org</a>!' in out
    )


def test_a_link_cannot_break_out_of_its_attribute():
    out = html('https://example.org/"onmouseover="alert(1)')
    assert 'onmouseover="' not in out


def test_paragraphs_and_line_breaks():
    assert (
        html("Rad ett\nrad två\n\nNytt stycke") == "<p>Rad ett<br>rad två</p>\n<p>Nytt stycke</p>"
    )


@pytest.mark.parametrize(
    "number",
    [
        "070-123 45 67",
        "0701234567",
        "+46 70 123 45 67",
        "+46 (0)70-123 45 67",
        "0281-750 00",
        "08-123 456 78",
        "0046 70 123 45 67",
    ],
)
def test_phone_numbers_are_not_shown(number):
    rendered = render_post(f"Ring mig på {number} i kväll.")
    assert rendered.masked
    assert '<span class="masked">' in str(rendered.html)
    digits = "".join(ch for ch in number if ch.isdigit())
    assert digits[-6:] not in "".join(ch for ch in str(rendered.html) if ch.isdigit())


@pytest.mark.parametrize(
    "text",
    [
        "Det kostar 10 000 kr.",
        "Sedan 2019 har det blivit sämre.",
        "Den 12/3 kl. 18.30",
        "Vi var 150 personer",
        "Se punkt 3.2.1",
    ],
)
def test_amounts_years_and_dates_are_left_alone(text):
    rendered = render_post(text)
    assert not rendered.masked
    assert str(rendered.html) == f"<p>{text}</p>"


def test_email_addresses_are_not_shown_even_in_a_link():
    rendered = render_post("Mejla anna.andersson@example.se eller https://x.se/?to=a@b.se")
    assert rendered.masked
    assert "anna.andersson" not in str(rendered.html) and "a@b.se" not in str(rendered.html)


def test_the_municipality_is_not_masked():
    rendered = render_post("Ring kontaktcenter 0281-750 00.", mask=False)
    assert not rendered.masked and "0281-750 00" in str(rendered.html)
