"""User text: the one place Markdown becomes safe HTML, plus plain-text helpers.

``render_markdown`` runs once, when a post is written or edited; the HTML it returns is
stored and later served as is, so it must be safe on its own. Bump ``RENDER_VERSION``
whenever the output for some input changes, so stored posts can be re-rendered.

Pipeline (``render_markdown``)

1. markdown-it-py, ``js-default`` preset: raw HTML is *off* (a ``<b>`` typed by a user is
   shown as the text ``<b>``), plus tables, strikethrough, linkify and ``breaks`` (a single
   newline is a line break, as people expect in a forum post).
2. Our link policy inside markdown-it (``validateLink``): only absolute ``http://``,
   ``https://`` and ``mailto:`` destinations become links, for inline links, reference
   links, autolinks, linkified text and images. Anything else (``javascript:``, ``data:``,
   ``vbscript:``, ``//host``, relative paths, ``#frag``, ``ftp:``) stays literal text.
3. Token rewrites (a core rule):
   * headings are shifted down two levels, clamped at h6 (``#`` -> h3, ``##`` -> h4,
     ``###`` and deeper -> h5/h6): the page owns h1 (thread title) and h2 (sections), and
     a post must never outrank them;
   * table alignment becomes ``align="left|center|right"`` instead of a ``style`` attribute;
   * linkify only links text that says it is a link (``http(s)://``, ``www.``, or an e-mail
     address): bare names like ``readme.md`` or ``notes.py`` stay text.
4. Images are never rendered: ``![alt](https://x/y.png)`` becomes a plain link whose
   text is the alt text (or the URL when there is no alt text); inside another link it is
   just the alt text. No ``<img>``, so no tracking pixels and no hot-linked content.
5. Sanitising with bleach and ONE allow-list (``ALLOWED_TAGS``/``ALLOWED_ATTRIBUTES``/
   ``ALLOWED_PROTOCOLS``) -- defence in depth, as markdown-it never emits raw user HTML:
   dangerous elements (script, style, iframe, svg, math, ...) are first removed together
   with their content, then bleach strips every other unknown tag (keeping its text),
   every unknown attribute and comments; a final filter (``_LinkPolicy``) re-checks every
   ``<a>``: an unsafe ``href`` turns the link into its text, a safe one gets exactly
   ``rel="nofollow ugc noopener noreferrer"`` and no other attribute but ``href``.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bleach.sanitizer import Cleaner
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from forum.errors import ValidationError
from forum.offload import TooComplexError, run_cpu

if TYPE_CHECKING:  # bleach's stubs name html5lib's Filter; at run time it is bleach's vendored copy
    from html5lib.filters.base import Filter
else:
    from bleach._vendor.html5lib.filters.base import Filter

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_PROTOCOLS",
    "ALLOWED_TAGS",
    "LINK_REL",
    "RENDER_VERSION",
    "TextError",
    "clean_text",
    "excerpt",
    "render",
    "render_markdown",
    "sanitize_html",
]

#: Bump when the rendering rules change, so stored posts can be re-rendered.
RENDER_VERSION: int = 1

# --------------------------------------------------------------------------- allow-list

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", "em", "strong", "del", "s", "blockquote", "code", "pre",
        "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip

#: Attribute names per tag; values are further restricted by ``_attribute_allowed``.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel"}),
    "ol": frozenset({"start"}),  # "3. item" must still start at 3
    "th": frozenset({"align"}),
    "td": frozenset({"align"}),
}

ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})

#: The exact ``rel`` every link carries.
LINK_REL = "nofollow ugc noopener noreferrer"

_ALIGN_VALUES = frozenset({"left", "center", "right"})
_START_RE = re.compile(r"[0-9]{1,9}")

# Absolute http(s)/mailto only; no whitespace or control characters anywhere.
_SAFE_URL_RE = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f]+", re.IGNORECASE)

# Elements removed *with their content* before bleach (bleach would keep their text).
_DROP_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "frameset", "object", "applet",
        "noscript", "noembed", "noframes", "template", "svg", "math", "textarea", "select",
        "title", "xmp", "plaintext", "form", "head", "audio", "video",
    }
)  # fmt: skip
_DROP_HINT_RE = re.compile(
    r"<(?:" + "|".join(sorted(_DROP_WITH_CONTENT)) + r")(?![a-z0-9-])", re.IGNORECASE
)

# linkify may only link text that says it is a link.
_EXPLICIT_LINK_TEXT_RE = re.compile(r"(?:https?://|www\.|mailto:)", re.IGNORECASE)


def _is_safe_url(url: str) -> bool:
    """True for an absolute http://, https:// or mailto: URL (entities decoded first)."""
    return _SAFE_URL_RE.fullmatch(html.unescape(url)) is not None


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    if name == "align":
        return value in _ALIGN_VALUES
    if name == "start":
        return _START_RE.fullmatch(value) is not None
    return True  # href is checked by bleach (protocols) and again by _LinkPolicy


# --------------------------------------------------------------------------- markdown-it


def _rewrite_tokens(state: StateCore) -> None:
    """Core rule: heading shift, table alignment, linkify policy, images in links."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1:])
            token.tag = f"h{min(level + 2, 6)}"
        elif token.type in ("th_open", "td_open"):
            style = token.attrGet("style")
            if style is not None:
                token.attrs.pop("style", None)
                align = str(style).removeprefix("text-align:").strip()
                if align in _ALIGN_VALUES:
                    token.attrSet("align", align)
        elif token.type == "inline" and token.children:
            token.children = _unlink_fuzzy(token.children)
            in_link = False
            for child in token.children:
                if child.type in ("link_open", "link_close"):
                    in_link = child.type == "link_open"
                elif child.type == "image" and in_link:
                    child.meta["in_link"] = True


def _unlink_fuzzy(children: list[Token]) -> list[Token]:
    """Drop linkify links whose text is a bare name such as ``readme.md``."""
    out = []
    drop_close = 0
    for i, tok in enumerate(children):
        if tok.type == "link_open" and tok.markup == "linkify":
            href = str(tok.attrGet("href") or "")
            text = children[i + 1].content if i + 1 < len(children) else ""
            if not (href.startswith("mailto:") or _EXPLICIT_LINK_TEXT_RE.match(text)):
                drop_close += 1
                continue
        elif tok.type == "link_close" and tok.markup == "linkify" and drop_close:
            drop_close -= 1
            continue
        out.append(tok)
    return out


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Never an <img>: a plain link to the image (text = alt), or just the alt text."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = str(token.attrGet("src") or "")
    if token.meta.get("in_link") or not _is_safe_url(src):
        return escapeHtml(alt)
    return f'<a href="{escapeHtml(src)}">{escapeHtml(alt or src)}</a>'


_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-")
#: Longest scheme the inline linkify rule looks back for (ours are http/https/mailto).
_MAX_SCHEME = 32


def _linkify_inline(state: StateInline, silent: bool) -> bool:
    """markdown-it's inline ``linkify`` rule, linear in the text.

    The library's rule finds the scheme before each ``://`` with a regular expression
    searched over the *whole* pending text, so ``"http://a." * 2222`` cost 2 s (quadratic).
    Here the scheme is the run of scheme characters just before ``://``, found by walking
    back at most ``_MAX_SCHEME`` characters; otherwise identical to markdown-it 4.0's rule.
    """
    if state.linkLevel > 0:
        return False
    pos, maximum, src = state.pos, state.posMax, state.src
    if pos + 3 > maximum or src[pos] != ":" or src[pos + 1] != "/" or src[pos + 2] != "/":
        return False
    pending = state.pending
    start = len(pending)
    while start > 0 and pending[start - 1] in _SCHEME_CHARS:
        start -= 1
        if len(pending) - start > _MAX_SCHEME:
            return False
    proto = pending[start:]
    if not proto or not proto[0].isascii() or not proto[0].isalpha():
        return False
    linkify = state.md.linkify
    if linkify is None:  # as markdown-it's own rule: linkify-it-py is a dependency
        raise ModuleNotFoundError("Linkify enabled but not installed.")
    link = linkify.match_at_start(src[pos - len(proto) :])
    if not link:
        return False
    url: str = link.url.rstrip("*")
    full_url = state.md.normalizeLink(url)
    if not state.md.validateLink(full_url):
        return False
    if not silent:
        state.pending = pending[: -len(proto)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": full_url}
        token.markup = "linkify"
        token.info = "auto"
        token = state.push("text", "", 0)
        token.content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup = "linkify"
        token.info = "auto"
    state.pos += len(url) - len(proto)
    return True


class _Markdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        """Only the link targets `_is_safe_url` allows (markdown-it's own check is looser)."""
        return _is_safe_url(url)


def _make_markdown() -> MarkdownIt:
    md = _Markdown(
        "js-default",
        # maxNesting 20 (commonmark's value; js-default has 100): blocks nested deeper
        # (about 19 quotes or 9 lists) are dropped by markdown-it, which is fine for
        # absurd input, and lazy lines under deep quotes cost more than linear in depth.
        {"linkify": True, "breaks": True, "typographer": False, "maxNesting": 20},
    )
    md.enable(["table", "strikethrough", "linkify"])
    md.disable(["html_block", "html_inline"])  # js-default has html=False; be explicit
    md.inline.ruler.at("linkify", _linkify_inline)
    md.core.ruler.push("crossroads_rewrite", _rewrite_tokens)
    md.add_render_rule("image", _render_image)
    return md


# --------------------------------------------------------------------------- bleach


class _DropDangerous(HTMLParser):
    """Re-emit HTML verbatim except dangerous elements, which go with their content,
    and comments/declarations/processing instructions. Defence in depth only: bleach
    runs afterwards on the result, so this never has to be perfect."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skipping.append(tag)
        elif not self.skipping:
            self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag not in _DROP_WITH_CONTENT:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:
                while self.skipping.pop() != tag:
                    pass
        elif tag not in _DROP_WITH_CONTENT:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escapeHtml(data))

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&#{name};")


def _drop_dangerous(fragment: str) -> str:
    if _DROP_HINT_RE.search(fragment) is None:
        return fragment  # the normal case: markdown-it output never matches
    parser = _DropDangerous()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


class _LinkPolicy(Filter):
    """html5lib token filter that bleach runs after sanitising (``Cleaner(filters=...)``).

    Every ``<a>`` is re-checked: without a safe ``href`` it becomes its content (the tags
    go, the text stays); with one it gets exactly ``href`` and ``rel=LINK_REL``. This is a
    small filter of our own rather than bleach's ``LinkifyFilter`` with callbacks: used
    inside ``Cleaner`` that filter decodes entities a second time (``&amp;amp;`` in a code
    block came out as ``&amp;``; see mozilla/bleach#422).
    """

    def __iter__(self) -> Iterator[dict[str, Any]]:
        dropped: list[bool] = []  # one entry per open <a>: was its start tag dropped?
        for token in self.source:
            kind = token["type"]
            if kind == "StartTag" and token["name"] == "a":
                href = (token.get("data") or {}).get((None, "href"))
                if href is None or not _is_safe_url(href):
                    dropped.append(True)
                    continue
                dropped.append(False)
                token = {**token, "data": {(None, "href"): href, (None, "rel"): LINK_REL}}
            elif kind == "EndTag" and token["name"] == "a":
                if dropped and dropped.pop():
                    continue
            elif kind == "EmptyTag" and token["name"] == "a":
                continue
            yield token


def _make_cleaner() -> Cleaner:
    return Cleaner(
        tags=ALLOWED_TAGS,
        attributes=_attribute_allowed,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[_LinkPolicy],
    )


# Neither a bleach Cleaner nor linkify-it is thread-safe: one of each per thread.
_local = threading.local()


def _md() -> MarkdownIt:
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _make_markdown()
    return md


def _cleaner() -> Cleaner:
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _make_cleaner()
    return cleaner


def sanitize_html(fragment: str) -> str:
    """The bleach stage alone: make any HTML fragment conform to the allow-list."""
    if not fragment:
        return ""
    return _cleaner().clean(_drop_dangerous(fragment))


def render_markdown(source: str) -> str:
    """Markdown source -> safe HTML fragment, ready to store and serve as is.

    CPU-bound (0.2 s for an ordinary 20 KB post): request handlers call ``render`` instead,
    which runs this in the worker pool under the CPU budget."""
    if not source:
        return ""
    return sanitize_html(_md().render(source)).strip()


async def render(source: str, *, field: str = "body") -> str:
    """``render_markdown`` off the event loop (``forum.offload.run_cpu``). Raises
    ``TooComplexError`` (422, keyed by ``field``) when the text is over the CPU budget."""
    try:
        return await run_cpu(render_markdown, source)
    except TooComplexError as exc:
        raise TooComplexError(fields={field: exc.message}) from None


# --------------------------------------------------------------------------- plain text


class TextError(ValidationError, ValueError):
    """A user-supplied text field is unacceptable. ``.message`` is fit to show the user;
    ``.field`` names the field (and ``.fields`` maps it to the message, as for any
    ``ValidationError``)."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message, fields={field: message} if field else None)
        self.field = field


_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_BAD_MULTILINE_RE = re.compile(f"[{_CONTROL}]")
_BAD_SINGLE_LINE_RE = re.compile(f"[{_CONTROL}\\t\\n]")
_LEADING_BLANK_LINES_RE = re.compile(r"\A(?:[^\S\n]*\n)+")


# Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): in a one-line
# field (a title, a name) they can reorder what readers see around it -- "‮txt.exe" -- and nothing
# a person types there needs them (the marks LRM/RLM/ALM stay). Removed from one-line fields.
_BIDI_CONTROLS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that draw nothing although their category says "letter" or "symbol".
_BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Cs", "Mn", "Me", "Zs", "Zl", "Zp"})


def has_visible_text(value: str) -> bool:
    """True when at least one character draws something: not a space, a format character
    (zero-width space/joiner, word joiner, BOM, soft hyphen, bidi controls, tags), a lone
    combining mark or variation selector, or a blank look-alike (Hangul fillers, braille blank)."""
    return any(
        ch not in _BLANK_LOOKALIKES and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
        for ch in value
    )


def clean_text(value: object, *, field: str, max_length: int, multiline: bool) -> str:
    """Normalise and validate one user-supplied text field.

    NFC-normalises; turns CRLF and lone CR into LF; rejects C0/C1 control characters
    (except LF and TAB when ``multiline``), lone surrogates, U+2028/U+2029 and Unicode
    noncharacters. Format characters (ZWJ in emoji, bidi marks for RTL scripts) are
    allowed, but text made only of invisible characters is refused (``has_visible_text``) and a
    one-line field loses its bidi embeddings/overrides/isolates. Strips surrounding whitespace -- for multiline text only trailing whitespace
    and leading blank lines, so a leading indented code block survives. Length is counted
    in code points after all of that. Raises ``TextError`` whose message starts with the
    field name, capitalised: "Title is required.", "Body must be at most 20,000 characters.",
    "Title contains characters that are not allowed.".
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected str, got {type(value).__name__}")
    value = unicodedata.normalize("NFC", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    label = field[:1].upper() + field[1:]
    bad = _BAD_MULTILINE_RE if multiline else _BAD_SINGLE_LINE_RE
    if bad.search(value):
        raise TextError(f"{label} contains characters that are not allowed.", field=field)
    if multiline:
        value = _LEADING_BLANK_LINES_RE.sub("", value.rstrip())
    else:
        value = _BIDI_CONTROLS_RE.sub("", value).strip()
    if not value.strip():
        raise TextError(f"{label} is required.", field=field)
    if not has_visible_text(value):
        raise TextError(f"{label} has no visible characters; please write something.", field=field)
    if len(value) > max_length:
        raise TextError(f"{label} must be at most {max_length:,} characters.", field=field)
    return value


_BLOCK_TAGS = frozenset(
    {"p", "br", "hr", "blockquote", "pre", "ul", "ol", "li", "table", "thead", "tbody",
     "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "div"}
)  # fmt: skip
_LOOKS_LIKE_HTML_RE = re.compile(
    r"\s*<(?:p|h[1-6]|ul|ol|li|blockquote|pre|code|table|hr|br|em|strong|del|s|a)[\s/>]",
    re.IGNORECASE,
)


def check_text(
    value: object,
    field: str,
    max_length: int,
    *,
    multiline: bool = False,
    label: str | None = None,
    blank_ok: bool = False,
) -> str:
    """One form or API text field as the domain layer checks it: missing is empty, anything but text
    is refused, and the error is keyed by `field` (the message may name it as `label`). With
    `blank_ok`, an empty or blank value is "" rather than an error."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        name = label or field
        message = f"{name[:1].upper()}{name[1:]} must be text."
        raise ValidationError(message, fields={field: message})
    if blank_ok and not value.strip():
        return ""
    try:
        return clean_text(value, field=label or field, max_length=max_length, multiline=multiline)
    except TextError as exc:
        raise ValidationError(exc.message, fields={field: exc.message}) from None


WEB_ADDRESS_MESSAGE = "Enter a full web address starting with http:// or https://."


def check_web_address(
    value: object,
    field: str,
    *,
    label: str | None = None,
    message: str | None = None,
    max_length: int = 500,
) -> str:
    """A link people will follow: http or https, a host with a dot, no spaces, port or credentials
    that do not parse, no user name or password. `message`, if given, is said for every problem."""
    url = check_text(value, field, max_length, label=label)

    def refuse(text: str) -> ValidationError:
        return ValidationError(message or text, fields={field: message or text})

    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise refuse(WEB_ADDRESS_MESSAGE) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise refuse("Only http:// and https:// links can be listed.")
    if not host or any(c.isspace() for c in url) or "." not in host.strip("."):
        raise refuse(WEB_ADDRESS_MESSAGE)
    if parts.username is not None or parts.password is not None:
        raise refuse("Links must not contain a user name or password.")
    return url


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _html_to_text(fragment: str) -> str:
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def excerpt(html_or_md: str, length: int = 160) -> str:
    """Plain-text excerpt (no tags, entities decoded, whitespace collapsed) of a rendered
    post's HTML or of its Markdown source, at most ``length`` characters including a
    trailing "…" when cut. The result is *text*: escape it when putting it into HTML
    (Jinja's autoescape does)."""
    if not html_or_md or length < 1:
        return ""
    if _LOOKS_LIKE_HTML_RE.match(html_or_md):
        text = _html_to_text(html_or_md)
    else:  # Markdown: render (raw HTML stays text), no need for bleach to get text
        text = _html_to_text(_md().render(html_or_md))
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if text[length - 1] != " ":  # cut inside a word: back up to its start if not too far
        space = cut.rfind(" ")
        if space >= (length - 1) * 2 // 3:
            cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"
