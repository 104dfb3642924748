"""forum.text: Markdown -> safe HTML, clean_text, excerpt.

The XSS tests don't look for bad substrings: they parse the output with the stdlib
HTML parser and check that every tag, attribute and URL is on the allow-list.
"""

from __future__ import annotations

import re
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest

from forum.errors import ValidationError
from forum.text import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LINK_REL,
    RENDER_VERSION,
    TextError,
    clean_text,
    excerpt,
    render_markdown,
    sanitize_html,
)

# Independent of the module's own regex on purpose.
SAFE_HREF = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f\"'<>`]+", re.IGNORECASE)
FORBIDDEN_TAGS = {
    "script", "style", "img", "svg", "math", "iframe", "noscript", "object", "embed",
    "form", "input", "button", "textarea", "select", "link", "meta", "base", "body",
    "html", "frame", "frameset", "video", "audio", "source", "details", "template",
    "div", "span", "font", "marquee", "xss", "applet", "title",
}  # fmt: skip


class _Checker(HTMLParser):
    """Collects every violation of the allow-list in an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.tags: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self.tag_count = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tag_count += 1
        self.tags.append(tag)
        if tag not in ALLOWED_TAGS or tag in FORBIDDEN_TAGS:
            self.problems.append(f"tag <{tag}>")
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.problems.append(f"duplicate attribute on <{tag}>: {names}")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")
            elif name == "href" and (value is None or not SAFE_HREF.fullmatch(value)):
                self.problems.append(f"href {value!r}")
            elif name == "rel" and value != LINK_REL:
                self.problems.append(f"rel {value!r}")
            elif name == "align" and value not in ("left", "center", "right"):
                self.problems.append(f"align {value!r}")
            elif name == "start" and not (value or "").isdigit():
                self.problems.append(f"start {value!r}")
        if tag == "a":
            attr = dict(attrs)
            self.links.append(attr)
            if "href" not in attr or attr.get("rel") != LINK_REL:
                self.problems.append(f"<a> without href or exact rel: {attrs}")

    def handle_startendtag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self.tag_count += 1
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"end tag </{tag}>")

    def handle_comment(self, data):  # type: ignore[no-untyped-def]
        self.problems.append(f"comment {data!r}")

    def handle_decl(self, decl):  # type: ignore[no-untyped-def]
        self.problems.append(f"declaration {decl!r}")

    def handle_pi(self, data):  # type: ignore[no-untyped-def]
        self.problems.append(f"processing instruction {data!r}")

    def unknown_decl(self, data):  # type: ignore[no-untyped-def]
        self.problems.append(f"unknown declaration {data!r}")


def check(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    # rawdata left over means an unterminated tag-like construct: not acceptable either
    assert not checker.rawdata, f"unparsed tail {checker.rawdata!r} in {html!r}"
    assert not checker.problems, f"{checker.problems} in {html!r}"
    # every "<" must open a tag seen above: text and attribute values have it escaped
    assert html.count("<") == checker.tag_count, f"stray '<' in {html!r}"
    return checker


@pytest.mark.parametrize(
    "bad",
    [
        "<img src=x>",
        "<p onclick=alert(1)>x</p>",
        '<p style="color:red">x</p>',
        '<a href="javascript:alert(1)" rel="nofollow ugc noopener noreferrer">x</a>',
        '<a href="//evil.example" rel="nofollow ugc noopener noreferrer">x</a>',
        '<a href="https://ok.example">no rel</a>',
        '<a href="https://ok.example" rel="nofollow">weak rel</a>',
        '<th align="justify">x</th>',
        "<p>x<!-- comment --></p>",
        "<svg></svg>",
        "<p>x</p><script",
    ],
)
def test_checker_itself_rejects_bad_html(bad: str) -> None:
    with pytest.raises(AssertionError):
        check(bad)


def render_checked(source: str) -> str:
    html = render_markdown(source)
    check(html)
    return html


# ----------------------------------------------------------------------- XSS corpus

XSS_VECTORS = [
    # raw script / HTML
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)//<</script>/script>",
    "<script/xss src=https://evil.example/x.js></script>",
    '<script>document.write("<img src=x onerror=alert(1)>")</script>',
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)",
    '<img src="x" onerror="alert(1)"/>',
    "<IMG SRC=javascript:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<xss onafterscriptexecute=alert(1)>x</xss>",
    '<p onclick="alert(1)">click</p>',
    '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
    "<b onmouseover=alert(1)>hover</b>",
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>",
    # svg / math / namespace confusion
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=javascript:alert(1)><text x=20 y=20>X</text></a></svg>",
    "<svg/onload=alert(1)//",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style>'
    '<img src onerror=alert(1)>"></style></h1>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    # iframes, objects, forms, meta
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<template><script>alert(1)</script></template>",
    # style injection
    "<style>@import 'https://evil.example/x.css';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    '<td style="x" align="left" onclick="alert(1)">x</td>',
    '<th align="javascript:alert(1)">x</th>',
    '<ol start="1 onclick=alert(1)"><li>x</li></ol>',
    # links in raw HTML
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="//evil.example">x</a>',
    '<a href="/relative">x</a>',
    '<a href="https://ok.example" target="_blank" rel="opener">x</a>',
    '<a href="https://ok.example"><a href="javascript:alert(1)">nested</a></a>',
    # comments, CDATA, unclosed things
    "<!--<img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml version='1.0'?><x/>",
    "<a href='https://ok.example",
    '<p title="x',
    "<textarea><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    # markdown links
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&#x3A;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](<java script:alert(1)>)",
    "[x]( javascript:alert(1) )",
    "[x](javascript://%0aalert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](//evil.example/)",
    "[x](\\\\evil.example)",
    "[x](https:evil.example)",
    "[x](/relative/path)",
    "[x](#top)",
    "[x](ｊavascript:alert(1))",
    "[x](file:///etc/passwd)",
    "[x](mailto:a@b.example?subject=<script>alert(1)</script>)",
    # autolinks and linkify
    "<javascript:alert(1)>",
    "<JaVaScRiPt:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    '<https://ok.example/"onmouseover="alert(1)>',
    'https://ok.example/"onmouseover="alert(1)',
    "https://ok.example/?q=<script>alert(1)</script>",
    "www.ok.example/<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "//evil.example",
    # reference-style links and definitions
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)> 'title'",
    "[x]\n\n[x]: data:text/html,<script>alert(1)</script>",
    '[x][r]\n\n[r]: https://ok.example "t" onmouseover="alert(1)"',
    # link titles and attribute breaking
    '[x](https://ok.example "\\" onmouseover=\\"alert(1)")',
    "[x](https://ok.example 'a' onclick='alert(1)')",
    '[x](https://ok.example "title"><script>alert(1)</script>)',
    '[x](https://ok.example/"><script>alert(1)</script>)',
    '[x](https://ok.example/" onmouseover="alert(1))',
    "[x](https://ok.example/`onmouseover=alert(1)`)",
    # images
    "![x](javascript:alert(1))",
    "![x](https://ok.example/x.png)",
    '![x" onerror="alert(1)](https://ok.example/x.png)',
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    '![x](https://ok.example/x.png "a" onerror="alert(1)")',
    "[![x](https://ok.example/i.png)](javascript:alert(1))",
    "[![x](javascript:alert(1))](https://ok.example/)",
    "![<script>alert(1)</script>](https://ok.example/i.png)",
    # nested markdown / HTML mixing
    "*<img src=x onerror=alert(1)>*",
    "**[x](javascript:alert(1))**",
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "[x](https://ok.example)<script>alert(1)</script>",
    "> <script>alert(1)</script>\n> > <svg onload=alert(1)>",
    "- <iframe src=javascript:alert(1)>\n  - [x](javascript:alert(1))",
    "| <script>alert(1)</script> | b |\n|---|---|\n"
    "| [x](javascript:alert(1)) | <img src=x onerror=alert(1)> |",
    "~~<svg/onload=alert(1)>~~",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    '```"><script>alert(1)</script>\nx\n```',
    "```js onload=alert(1)\nx\n```",
    "    <script>alert(1)</script>",
    "# <script>alert(1)</script>",
    "Setext <img src=x onerror=alert(1)>\n===",
    "<div>\n\n*md inside*\n\n</div>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\<script>alert(1)\\</script>",
    '<a href="https://ok.example">[x](javascript:alert(1))</a>',
    '[x](https://ok.example)\n\n[y](https://ok.example "<script>")',
    "\x00<script>alert(1)</script>\ufeff\u202e",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vector_in_markdown_yields_only_allowed_html(vector: str) -> None:
    checker = check(render_markdown(vector))
    assert not set(checker.tags) & FORBIDDEN_TAGS


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vector_through_sanitizer_alone_yields_only_allowed_html(vector: str) -> None:
    # Defence in depth: even if markdown-it ever let raw HTML through, the bleach stage
    # on its own must produce allow-listed HTML.
    check(sanitize_html(vector))


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,hi)",
        "[x](//evil.example/)",
        "[x](/relative)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "//evil.example and ftp://files.example",
    ],
)
def test_unsafe_link_destinations_stay_text(source: str) -> None:
    checker = check(render_markdown(source))
    assert checker.links == []


def test_raw_html_is_shown_as_text() -> None:
    html = render_checked("<b>hi</b> <script>alert(1)</script>")
    assert html == "<p>&lt;b&gt;hi&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_sanitizer_removes_dangerous_elements_with_their_content() -> None:
    html = sanitize_html(
        "<p>a<script>alert(1)</script>b<style>p{color:red}</style>c"
        "<svg><text>svg text</text></svg>d<iframe>frame</iframe>e<!-- note -->f</p>"
    )
    assert html == "<p>abcdef</p>"


def test_sanitizer_strips_unknown_tags_but_keeps_their_text() -> None:
    assert sanitize_html("<p><span>kept</span> <b>bold</b></p>") == "<p>kept bold</p>"


def test_sanitizer_turns_unsafe_links_into_text_and_polices_rel() -> None:
    html = sanitize_html(
        '<p><a href="javascript:alert(1)">one</a> <a>two</a> '
        '<a href="https://ok.example" rel="opener" target="_blank" title="t">three</a></p>'
    )
    assert html == (f'<p>one two <a href="https://ok.example" rel="{LINK_REL}">three</a></p>')


def test_link_title_cannot_inject_attributes() -> None:
    html = render_checked('[x](https://ok.example "\\" onmouseover=\\"alert(1)")')
    assert html == f'<p><a href="https://ok.example" rel="{LINK_REL}">x</a></p>'


def test_quote_in_url_is_percent_encoded_not_breaking_the_attribute() -> None:
    checker = check(render_markdown('[x](https://ok.example/"onmouseover="alert(1))'))
    assert checker.links == [
        {"href": "https://ok.example/%22onmouseover=%22alert(1)", "rel": LINK_REL}
    ]


# ----------------------------------------------------------------------- positive


def test_emphasis_strong_strikethrough_and_breaks() -> None:
    html = render_checked("*em* _em2_ **strong** ~~gone~~\nnext line")
    assert html == (
        "<p><em>em</em> <em>em2</em> <strong>strong</strong> <s>gone</s><br>\nnext line</p>"
    )


def test_paragraphs_and_rule() -> None:
    assert render_checked("one\n\n---\n\ntwo") == "<p>one</p>\n<hr>\n<p>two</p>"


def test_lists() -> None:
    html = render_checked("- a\n- b\n  - nested\n\n3. three\n4. four")
    assert "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>nested</li>\n</ul>\n</li>\n</ul>" in html
    assert '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>' in html


def test_blockquote() -> None:
    html = render_checked("> quoted\n> > deeper")
    assert html == (
        "<blockquote>\n<p>quoted</p>\n<blockquote>\n<p>deeper</p>\n</blockquote>\n</blockquote>"
    )


def test_code_blocks_and_inline_code_are_escaped() -> None:
    html = render_checked("```python\nif a < b and c > d: print('<b>&amp;')\n```\n\n`<i>`")
    assert html == (
        "<pre><code>if a &lt; b and c &gt; d: print('&lt;b&gt;&amp;amp;')\n</code></pre>\n"
        "<p><code>&lt;i&gt;</code></p>"
    )
    assert render_checked("    indented <code>") == (
        "<pre><code>indented &lt;code&gt;\n</code></pre>"
    )


def test_headings_are_shifted_down_two_levels() -> None:
    html = render_checked(
        "# one\n## two\n### three\n#### four\n##### five\n###### six\nsetext\n==="
    )
    assert html == (
        "<h3>one</h3>\n<h4>two</h4>\n<h5>three</h5>\n<h6>four</h6>\n<h6>five</h6>\n"
        "<h6>six</h6>\n<h3>setext</h3>"
    )


def test_links_get_rel() -> None:
    html = render_checked("[site](https://example.org/a?b=1&c=2) [mail](mailto:a@example.org)")
    assert html == (
        f'<p><a href="https://example.org/a?b=1&amp;c=2" rel="{LINK_REL}">site</a> '
        f'<a href="mailto:a@example.org" rel="{LINK_REL}">mail</a></p>'
    )


def test_reference_links_and_autolinks() -> None:
    checker = check(render_markdown("[ref][1] <https://example.org/x>\n\n[1]: http://example.com"))
    assert [link["href"] for link in checker.links] == [
        "http://example.com",
        "https://example.org/x",
    ]


def test_linkify_bare_urls_www_and_emails_but_not_file_names() -> None:
    html = render_checked(
        "see https://example.org/path, www.example.com or me@example.org; not readme.md"
    )
    assert html == (
        f'<p>see <a href="https://example.org/path" rel="{LINK_REL}">https://example.org/path</a>, '
        f'<a href="http://www.example.com" rel="{LINK_REL}">www.example.com</a> or '
        f'<a href="mailto:me@example.org" rel="{LINK_REL}">me@example.org</a>; not readme.md</p>'
    )


def test_no_linkify_inside_code() -> None:
    assert render_checked("`https://example.org`") == "<p><code>https://example.org</code></p>"


def test_tables_use_align_attribute_not_style() -> None:
    html = render_checked("| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | 3 |")
    assert "style" not in html
    assert '<th align="left">a</th>' in html
    assert '<th align="center">b</th>' in html
    assert '<td align="right">3</td>' in html
    assert '<td align="center"><strong>2</strong></td>' in html
    assert html.startswith("<table>\n<thead>") and "<tbody>" in html


def test_images_become_links_never_img() -> None:
    html = render_checked("![a cat](https://example.org/cat.png) ![](https://example.org/x.gif)")
    assert "<img" not in html
    assert html == (
        f'<p><a href="https://example.org/cat.png" rel="{LINK_REL}">a cat</a> '
        f'<a href="https://example.org/x.gif" rel="{LINK_REL}">https://example.org/x.gif</a></p>'
    )


def test_image_inside_link_is_its_alt_text() -> None:
    html = render_checked("[![logo](https://example.org/l.png)](https://example.org/)")
    assert html == f'<p><a href="https://example.org/" rel="{LINK_REL}">logo</a></p>'


def test_image_with_unsafe_source_is_text() -> None:
    checker = check(render_markdown("![x](javascript:alert(1)) ![y](data:image/png;base64,AA==)"))
    assert checker.links == []


def test_entities() -> None:
    html = render_checked("&copy; &amp; &lt;b&gt; &#x3C;i&#x3E; AT&T 1 < 2")
    assert html == "<p>© &amp; &lt;b&gt; &lt;i&gt; AT&amp;T 1 &lt; 2</p>"


def test_empty_input() -> None:
    assert render_markdown("") == ""
    assert render_markdown("   \n\n  ") == ""


def test_render_is_stable_under_resanitizing() -> None:
    source = "# T\n\n*a* [l](https://x.example) https://y.example\n\n| a |\n|--:|\n| 1 |\n\n1. x"
    html = render_markdown(source)
    assert sanitize_html(html).strip() == html


def test_render_version_is_an_int() -> None:
    assert isinstance(RENDER_VERSION, int) and RENDER_VERSION >= 1


# ----------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "source",
    [
        "> " * 500 + "deep",
        ">" * 5000,
        "".join("  " * i + "- x\n" for i in range(300)),
        "- " * 3000 + "x",
        "1. " * 2000 + "x",
        "> - " * 1000 + "x",
        "*" * 3000 + "a" + "*" * 3000,
        "*_" * 2000,
        "[" * 2000 + "a" + "]" * 2000 + "(https://x.example)",
        "<" * 5000,
        "`" * 5000,
        "|" * 5000,
        "&#x" * 2000,
        "![" * 2000,
    ],
)
def test_deeply_nested_or_degenerate_input_renders_safely(source: str) -> None:
    check(render_markdown(source))


def test_nesting_beyond_the_limit_keeps_following_content() -> None:
    html = render_checked("> " * 50 + "deep\n\nafter")
    assert html.endswith("<p>after</p>")


def test_rendering_work_grows_in_step_with_the_post() -> None:
    """A 20,000-character post costs about twice a 10,000-character one: rendering is linear.

    Counted in Python and C function calls (the same input always makes the same calls), not in
    seconds, so a busy machine cannot make it fail and a quadratic step cannot hide in a fast one."""
    paragraph = (
        "I've been reading this forum for weeks and **finally** want to share. We talked "
        "last night, and *honestly* it went better than I expected. A counsellor at "
        "https://example.org/help suggested [this guide](https://example.org/guide).\n\n"
        "- we listen first\n- we take breaks\n\n> You are not alone.\n\n"
    )

    def calls_to_render(length: int) -> int:
        source = (paragraph * (length // len(paragraph) + 1))[:length]
        render_markdown(source[:500])  # warm-up: build the per-thread parser and cleaner
        count = 0

        def count_calls(frame, event, arg) -> None:
            nonlocal count
            count += event in ("call", "c_call")

        sys.setprofile(count_calls)
        try:
            html = render_markdown(source)
        finally:
            sys.setprofile(None)
        check(html)
        return count

    small, large = calls_to_render(10_000), calls_to_render(20_000)
    assert large < small * 2.3, (small, large)


def test_rendering_from_several_threads_gives_the_same_result() -> None:
    sources = [
        f"# post {i}\n\n*x* https://example.org/{i} [l](https://e.example/{i})" for i in range(40)
    ]
    expected = [render_markdown(s) for s in sources]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(render_markdown, sources)) == expected


# ----------------------------------------------------------------------- clean_text


def test_clean_text_nfc_normalises_and_counts_length_after() -> None:
    decomposed = "Cafe\u0301"  # 5 code points, 4 after NFC
    assert clean_text(decomposed, field="title", max_length=4, multiline=False) == "Caf\u00e9"


def test_clean_text_strips_surrounding_whitespace() -> None:
    assert clean_text("  hello world \u3000", field="title", max_length=50, multiline=False) == (
        "hello world"
    )


def test_clean_text_multiline_normalises_newlines_and_keeps_indentation() -> None:
    value = "\r\n\r\n    code line\r\nnext\rlast\t tab  \r\n\r\n"
    assert clean_text(value, field="body", max_length=100, multiline=True) == (
        "    code line\nnext\nlast\t tab"
    )


def test_clean_text_length_counts_crlf_as_one() -> None:
    assert clean_text("a\r\nb", field="body", max_length=3, multiline=True) == "a\nb"


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\ufffe", "\ud800"]
)
@pytest.mark.parametrize("multiline", [False, True])
def test_clean_text_rejects_control_characters(char: str, multiline: bool) -> None:
    with pytest.raises(TextError) as info:
        clean_text(f"ab{char}cd", field="body", max_length=100, multiline=multiline)
    assert info.value.message == "Body contains characters that are not allowed."


@pytest.mark.parametrize("value", ["line\nbreak", "tab\there", "cr\rhere", "crlf\r\nhere"])
def test_clean_text_single_line_rejects_newlines_and_tabs(value: str) -> None:
    with pytest.raises(TextError):
        clean_text(value, field="title", max_length=100, multiline=False)


def test_clean_text_multiline_allows_newline_and_tab() -> None:
    assert clean_text("a\n\tb", field="body", max_length=100, multiline=True) == "a\n\tb"


def test_clean_text_allows_emoji_zwj_and_rtl_marks() -> None:
    value = "family \U0001f468\u200d\U0001f469\u200d\U0001f467 \u05e9\u05dc\u05d5\u05dd\u200f"
    assert clean_text(value, field="title", max_length=100, multiline=False) == value


@pytest.mark.parametrize("value", ["", "   ", "\n\t\n", "\u3000", None])
def test_clean_text_required(value: str) -> None:
    with pytest.raises(TextError) as info:
        clean_text(value, field="title", max_length=10, multiline=True)
    assert info.value.message == "Title is required."
    assert info.value.field == "title"


def test_clean_text_max_length() -> None:
    assert clean_text("x" * 10, field="title", max_length=10, multiline=False) == "x" * 10
    with pytest.raises(TextError) as info:
        clean_text("x" * 20_001, field="body", max_length=20_000, multiline=True)
    assert info.value.message == "Body must be at most 20,000 characters."


def test_text_error_is_a_value_error_and_a_validation_error() -> None:
    with pytest.raises(TextError) as info:
        clean_text("", field="title", max_length=10, multiline=False)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ValidationError)
    assert info.value.status == 422
    assert info.value.fields == {"title": "Title is required."}
    assert str(info.value) == "Title is required."


def test_clean_text_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        clean_text(42, field="title", max_length=10, multiline=False)  # type: ignore[arg-type]


# ----------------------------------------------------------------------- excerpt


def test_excerpt_from_html() -> None:
    html = render_markdown("# Hello\n\nSome *text* &amp; <more>\n\n- one\n- two\n\n```\ncode\n```")
    assert excerpt(html) == "Hello Some text & <more> one two code"


def test_excerpt_from_markdown() -> None:
    source = "## Hi\n\nA [link](https://example.org) and ![pic](https://example.org/p.png)\n> quote"
    assert excerpt(source) == "Hi A link and pic quote"


def test_excerpt_never_contains_tags_from_markdown_html() -> None:
    assert excerpt("<script>alert(1)</script> hello") == "<script>alert(1)</script> hello"
    assert excerpt("<p>hi<script>alert(1)</script></p>") == "hi"


def test_excerpt_truncates_on_a_word_boundary() -> None:
    source = "word " * 100
    result = excerpt(source, 40)
    assert len(result) <= 40
    assert result.endswith("…")
    assert result == "word " * 7 + "word…"
    assert excerpt("short text", 40) == "short text"


def test_excerpt_cuts_long_words() -> None:
    result = excerpt("x" * 500, 10)
    assert result == "x" * 9 + "…"


def test_excerpt_of_empty() -> None:
    assert excerpt("") == ""
    assert excerpt("<p></p>") == ""


# --------------------------------------------------------------------------- invisible text and bidi

INVISIBLE = [
    "\u200b",
    "\u200b\u200c\u200d",
    "\u2060\u2060",
    "\ufeff",
    "\u3164",
    "\u115f\u1160",
    "\uffa0",
    "\u2800",
    "\u00ad",
    "\u034f",
    "\ufe0f",
    "\u200e\u200f",
    "\u202e",
    "\u3000\u200b",
    "\U000e0041",
]


@pytest.mark.parametrize("value", INVISIBLE)
@pytest.mark.parametrize("multiline", [False, True])
def test_text_with_no_visible_character_is_refused(value: str, multiline: bool) -> None:
    with pytest.raises(TextError) as caught:
        clean_text(value, field="title", max_length=100, multiline=multiline)
    assert "visible" in caught.value.message or "required" in caught.value.message


@pytest.mark.parametrize(
    "value", ["a\u200b", "👩\u200d👩\u200d👧", "שלום", "\u0627\u0644", "é", "㈠"]
)
def test_visible_text_with_format_characters_is_kept(value: str) -> None:
    assert clean_text(value, field="title", max_length=100, multiline=False)


def test_bidi_overrides_and_isolates_leave_one_line_fields() -> None:
    assert (
        clean_text("report\u202egpj.exe", field="title", max_length=100, multiline=False)
        == "reportgpj.exe"
    )
    assert (
        clean_text("a\u2066b\u2069c\u202ad\u202c", field="title", max_length=100, multiline=False)
        == "abcd"
    )
    # Marks are how RTL writers fix punctuation; they stay.
    assert (
        clean_text("שלום\u200f!", field="title", max_length=100, multiline=False) == "שלום\u200f!"
    )
