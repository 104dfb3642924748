"""Pure text detection for the moderation screens.

Everything here works on plain text (the Markdown source of a post) and nothing
else: no database, no I/O, no clock. The screens that hold or flag posts call
these functions and decide what to do with the findings.

* ``find_crisis`` -- suicide, self-harm, violence or threats at home.
* ``find_personal_data`` -- phone numbers, e-mail addresses, street addresses and
  postcodes, full names of partners.
* ``normalise`` / ``find_watched`` -- the moderators' watched-word list.

The detectors are phrase patterns, not a model. Each pattern is written out
below with what it is for and which everyday phrasings it must leave alone
("guards"). They lean towards catching: for crisis a false alarm costs a
moderator a minute, a miss can cost far more. What they knowingly miss is
written up in docs/screens.md and pinned by tests/moderation/test_detect.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "Finding",
    "WatchedWord",
    "find_crisis",
    "find_personal_data",
    "find_watched",
    "normalise",
]

CRISIS, PERSONAL_DATA, WATCHED_WORD = "crisis", "personal_data", "watched_word"
WATCH_ACTIONS = ("block", "hold", "flag")


@dataclass(frozen=True)
class Finding:
    kind: str  # "crisis" | "personal_data" | "watched_word"
    reason: str  # short reason shown to moderators, e.g. "crisis: self-harm"
    category: str  # "suicide", "self_harm", "violence_at_home", "phone", ... or the watched word
    excerpt: str  # the matched text (moderators only)


@dataclass(frozen=True)
class WatchedWord:
    pattern: str
    action: str  # "block" | "hold" | "flag"

    def __post_init__(self) -> None:
        if self.action not in WATCH_ACTIONS:
            raise ValueError(f"watched word action must be one of {WATCH_ACTIONS}, not {self.action!r}")


# ---------------------------------------------------------------------------
# Shared text preparation
# ---------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_EMPHASIS = set("*_~`")


def _prepare(text: str, strip_emphasis: bool) -> tuple[str, list[int]]:
    """Straighten curly quotes, collapse runs of whitespace to one space and
    (optionally) drop Markdown emphasis marks that sit at the edge of a word
    ("**die**" -> "die", but "s*icide" keeps its star).

    Returns the prepared text and, for every character of it, the index of the
    character in ``text`` it came from, so excerpts are cut from the original.
    """
    src = text.translate(_QUOTES)
    out: list[str] = []
    where: list[int] = []
    n = len(src)
    i = 0
    while i < n:
        ch = src[i]
        if ch.isspace():
            if not (out and out[-1] == " "):
                out.append(" ")
                where.append(i)
            i += 1
            continue
        if strip_emphasis and ch in _EMPHASIS:
            # A run of marks is kept only between two letters ("s*icide").
            j = i
            while j < n and src[j] in _EMPHASIS:
                j += 1
            before = src[i - 1] if i > 0 else " "
            after = src[j] if j < n else " "
            if before.isalnum() and after.isalnum():
                out.extend(src[i:j])
                where.extend(range(i, j))
            i = j
            continue
        out.append(ch)
        where.append(i)
        i += 1
    return "".join(out), where


def _excerpt(original: str, where: list[int], start: int, end: int) -> str:
    if not where or start >= end:
        return ""
    return original[where[start] : where[end - 1] + 1].strip()


def _dedupe(found: list[tuple[int, int, Finding]]) -> list[Finding]:
    """Order by position; drop a finding that overlaps an earlier one of the same category."""
    kept: list[tuple[int, int, Finding]] = []
    for start, end, finding in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if any(
            k.category == finding.category and start < e and s < end for s, e, k in kept
        ):
            continue
        kept.append((start, end, finding))
    return [f for _, _, f in kept]


# ---------------------------------------------------------------------------
# Crisis
# ---------------------------------------------------------------------------

SUICIDE, SELF_HARM, VIOLENCE = "suicide", "self_harm", "violence_at_home"
_CRISIS_REASON = {
    SUICIDE: "crisis: suicide",
    SELF_HARM: "crisis: self-harm",
    VIOLENCE: "crisis: violence at home",
}


@dataclass(frozen=True)
class _Rule:
    """One crisis pattern.

    ``pattern`` is searched case-insensitively in the prepared text.
    ``unless_before`` is tried against the 60 characters before the match (it
    should end in ``$``), ``unless_after`` against the text right after it
    (it should start with ``^``): either matching cancels the hit.
    ``requires_before`` must match the same window for the hit to count.
    ``not_in_fill``: if the named group ``fill`` contains a negation
    ("he would never hit me"), the hit is cancelled.
    ``title``: cancelled when the matched text is written exactly like this
    (a film title quoted in Title Case).
    """

    category: str
    note: str
    pattern: str
    unless_before: str | None = None
    unless_after: str | None = None
    requires_before: str | None = None
    not_in_fill: bool = False
    title: str | None = None


# Partners and co-parents, as this community writes them (H, W, DH, STBX...).
_PARTNER = (
    r"(?:my|our|his|her|the)\s+(?:husband|wife|hubby|partner|spouse|ex|ex-husband|ex-wife|"
    r"stbx[hw]?|stbx-?(?:h|w|husband|wife)|h|w|dh|dw|boyfriend|girlfriend|bf|gf|"
    r"fianc[eé]e?|(?:kids'?|children'?s|son'?s|daughter'?s)\s+(?:dad|father|mum|mom|mother))"
)
_SUBJ = rf"(?:\b(?:he|she)\b|\b{_PARTNER}\b)(?:'s|'d|'ll|'ve)?"
# Who gets hurt: the poster, the children, pets.
_VICTIM = (
    r"(?:me|us|the\s+(?:kids|children|baby|boys|girls|dog|cat)|"
    r"(?:my|our)\s+(?:son|daughter|kids|children|baby|boy|girl|child|dog|cat))\b"
)
_FILL = r"(?P<fill>(?:\s+[\w']+){0,2}?)"
_NEGATION = re.compile(
    r"\b(?:never|not|no|dont|didnt|doesnt|wouldnt|wont|hasnt|hadnt|isnt|wasnt|cant|couldnt|"
    r"\w+n't|if|ever)\b",
    re.IGNORECASE,
)
_HIT_VERBS = (
    r"(?:hit|hits|hitting|punch(?:ed|es|ing)?|slap(?:ped|s|ping)?|kick(?:ed|s|ing)?|"
    r"chok(?:ed|es|ing)|strangl(?:ed|es|ing)|throttl(?:ed|es|ing)|shov(?:ed|es|ing)|"
    r"push(?:ed|es|ing)?|beat|beats|beating|beaten|grab(?:bed|s|bing)?|smack(?:ed|s|ing)?|"
    r"attack(?:ed|s|ing)?|assault(?:ed|s|ing)?|rap(?:ed|es|ing)|bit|bites|stab(?:bed|s)?|"
    r"headbutt(?:ed|s)?|physically\s+(?:hurt|hurts|harmed|attacked))"
)
# Everyday uses of those verbs with "me" that are not violence.
_HIT_IDIOMS = (
    r"^\s*(?:up\b|out\b|to\s+(?:it|the\s+punch)\b|at\s|"
    r"in\s+(?:(?:a|an|the|every)\s+(?:game|match|race|argument|debate|round|row|quiz|vote)|"
    r"chess|scrabble|tennis|court|every)\b|"
    r"away\b|aside\b|too\s+far|over\s+the\s+edge|a\s|an\s|some\s|coffee|lunch|dinner|"
    r"to\s+(?:go|do|see|try|be|get|say|talk|open|make|take|leave|stay|move|think|"
    r"consider|sign|decide|agree|admit|accept|speak|tell|answer|start|stop|come)\b|"
    r"into\s+(?:counsell?ing|therapy|a\s+decision|it|this|that|leaving|staying|signing|"
    r"marriage|the\s+divorce|mediation)|towards?\b|verbally|emotionally|"
    r"in\s+(?:counsell?ing|therapy|session|front\s+of\s+(?:the\s+)?(?:counsell?or|therapist))|"
    r"with\s+(?:the|a|an|this|that|his|her)\s+(?:news|bombshell|question|papers|divorce|"
    r"request|ultimatum|truth|idea|line|list|demand|announcement|decision|words|"
    r"silent\s+treatment|guilt))"
)
_FEAR = r"(?:afraid|scared|terrified|frightened|worried|worry|fear|fearful|think|believe|convinced)"
_THREAT_CUE = (
    r"(?:threat\w*|said|says|told\s+me|tells\s+me|swore|swears|promised|warned|screamed|"
    r"yelled|shouted|texted|messaged|" + _FEAR + r")"
)
_KILL_IDIOM_AFTER = (
    r"^\s*(?:if|when)\s+(?:he|she|they)\s+(?:ever\s+)?(?:finds?|found|knew|knows|sees?|saw|"
    r"reads?|hears?|heard|catch(?:es)?|caught|gets?|got|learns?|discovers?)\b"
)

_CRISIS_RULES: tuple[_Rule, ...] = (
    # --- suicide -----------------------------------------------------------
    _Rule(
        SUICIDE,
        "The word itself, and spellings used to dodge filters (su1c1de, s*icide, "
        "sewerslide, unalive, kms). Third parties count: 'she threatened suicide'.",
        r"\bs[uü*][i1!*]c[i1!*]d(?:e|es|al|ality)\b|\bsewer\s?slide\b|"
        r"\bunaliv(?:e|ed|ing)\b",
        # career/political suicide, "it's suicide to sign that"
        unless_before=r"(?:\b(?:career|political|social|professional|financial|commercial|"
        r"electoral)\s+|\bvirgin\s+|\b(?:it|that)\s*(?:'s|is|was|'d\s+be|would\s+be)\s+"
        r"(?:pure\s+|basically\s+|total\s+|just\s+)?)$",
        # film and song titles, car doors
        unless_after=r"^\s*(?:squad|doors?\b|blonde|is\s+painless)",
    ),
    _Rule(
        SUICIDE,
        "'kms' (kill myself). Guard: a number before it ('5 kms').",
        r"\bkms\b",
        unless_before=r"\d\s*$",
    ),
    _Rule(
        SUICIDE,
        "kill myself / himself / herself. Guards: 'killing myself at work', "
        "'killing myself trying to...', 'kill myself laughing', 'could kill myself for "
        "forgetting...'.",
        r"\bkill(?:s|ed|ing)?\s+(?:my|him|her|them|me)\s?sel(?:f|ves)\b",
        unless_after=r"^\s*(?:laughing|for\b|over\b|trying|working|to\s+(?:make|get|keep|"
        r"finish|save|please|prove|pay|fix|be)\b|at\s+(?:work|the\s+gym|the\s+office|"
        r"his\s+job|her\s+job|my\s+job)|with\s+(?:work|overtime|worry|stress|guilt|"
        r"long\s+hours|the\s+hours|shifts|extra\s+shifts)|on\s+(?:the|this|that)\b|"
        r"(?:for|over)\s+nothing)",
    ),
    _Rule(
        SUICIDE,
        "Wanting to die ('I want to die', 'he says he wants to die'). Guards: "
        "negation ('I don't want to die'), 'die of embarrassment', 'die laughing', "
        "'die on this hill', 'die for my kids', 'die alone', 'die in his arms'.",
        r"\b(?:want|wants|wanted|wanting|wanna|ready|deserve|deserves)\s+(?:to\s+)?die\b",
        unless_before=r"\b(?:don'?t|do\s+not|doesn'?t|does\s+not|didn'?t|did\s+not|never|"
        r"not)\s+(?:\w+\s+)?$",
        unless_after=r"^\s*(?:of|from|laughing|alone|for|happy|old|on\s+(?:this|that|the)\s+hill|"
        r"in\s+(?:my|his|her|your)\s+(?:sleep|arms|own\s+bed)|at\s+home|with\b|knowing)",
    ),
    _Rule(
        SUICIDE,
        "Wishing to be dead or never born.",
        r"\bwish(?:ed|ing)?\s+(?:that\s+)?I\s*(?:was|were|'d\s+been|had\s+been|could\s+be)\s+dead\b|"
        r"\bwish(?:ed|ing)?\s+(?:that\s+)?I\s*(?:'d|had|was|were)\s+never\s+(?:been\s+)?born\b|"
        r"\bwish(?:ed|ing)?\s+(?:that\s+)?I\s+(?:wasn'?t|weren'?t|was\s+not|were\s+not)\s+alive\b|"
        r"\bwish(?:ed|ing)?\s+I\s+could\s+(?:just\s+)?(?:die|disappear\s+forever|stop\s+existing)\b|"
        r"\b(?:I'?d|I\s+would)\s+rather\s+be\s+dead\b",
        unless_after=r"^\s*than\s+(?!(?:live|living|go\s+on|be\s+without|lose|face|feel))",
    ),
    _Rule(
        SUICIDE,
        "Ending one's life: 'end it all', 'end my life', 'take my own life'. "
        "Guards: 'take my life back', 'my life savings', 'in a new direction'.",
        r"\bend(?:s|ed|ing)?\s+it\s+all\b|"
        r"\b(?:end|ends|ending|ended|take|taking|took)\s+(?:my|his|her|their)\s+(?:own\s+)?life\b",
        unless_after=r"^\s*(?:back|savings|'s\s+savings|in\s+(?:my|his|her|a|new)|into|to\s|"
        r"forward|seriously|and\s+start|as\s+(?:I|he|she)\s+know)",
    ),
    _Rule(
        SUICIDE,
        "No reason to live / nothing to live for / what's the point of living. "
        "Guards: 'no point living here', 'no point going on holiday'.",
        r"\b(?:no|any|what'?s\s+the|what\s+is\s+the)\s+(?:reason|point)\s+(?:in\s+|to\s+|of\s+)?"
        r"(?:liv(?:e|ing)|going\s+on|being\s+alive|carrying\s+on|life|existing)\b|"
        r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b|\b(?:life\s+)?(?:isn'?t|is\s+not|not)\s+worth\s+living\b",
        unless_after=r"^\s*(?:here|there|in\b|with\b|together|like\b|on\s|near|a\s|holiday|"
        r"vacation|the\s|dates|under|without|for\s+(?:him|her))",
    ),
    _Rule(
        SUICIDE,
        "Not seeing the point of going on; tired of living; looking up doses. "
        "Added after the fresh-list run. Guards: 'tired of living like this / "
        "with her', 'I finally see the point of living again' (needs a negation).",
        r"\bsee\s+(?:the|any)\s+point\s+(?:in\s+|of\s+)?(?:going\s+on|living|carrying\s+on|"
        r"being\s+alive|life|existing)\b",
        requires_before=r"\b(?:don'?t|do\s+not|can'?t|cannot|couldn'?t|no\s+longer|never|"
        r"doesn'?t|does\s+not)\s+(?:\w+\s+)?$",
    ),
    _Rule(
        SUICIDE,
        "Tired of living; how many pills it would take; lethal dose.",
        r"\b(?:tired|sick|done)\s+(?:of|with)\s+(?:living|being\s+alive|life|existing)\b|"
        r"\b(?:think(?:s|ing)?|thought|thoughts)\s+(?:about|of)\s+dying\b(?!\s+(?:my|her|his|the|it|our))|"
        r"\b(?:sit|sat|sitting)\s+in\s+the\s+(?:car|garage)\s+with\s+the\s+engine\s+running\b|"
        r"\bhow\s+many\s+(?:sleeping\s+)?(?:pills|tablets|paracetamol|painkillers|meds)\s+"
        r"(?:it\s+)?(?:would|will|does|to)\b|\blethal\s+dose\b",
        unless_after=r"^\s*(?:like|with|in\b|under|as\b|together|apart|out\s+of|on\b|here|"
        r"there|a\s+lie|this\s+way|for\s+(?:him|her|them))",
    ),
    _Rule(
        SUICIDE,
        "'Better off without me', 'better off dead', 'better off if I was gone'. "
        "Known over-trigger: a leaving partner saying their spouse is better off "
        "without them. Guard: the film title 'Better Off Dead'.",
        r"\bbetter\s+(?:off\s+)?without\s+me\b|\bbetter\s+off\s+dead\b|"
        r"\bbetter\s+off\s+(?:if|when)\s+I\s*(?:'m|am|was|were|'d\s+been)?\s*(?:dead|gone|not\s+here|"
        r"not\s+around|no\s+longer\s+(?:here|around)|wasn'?t\s+(?:here|around|alive)|"
        r"weren'?t\s+(?:here|around|alive)|didn'?t\s+exist|never\s+existed|died)\b",
        title="Better Off Dead",
    ),
    _Rule(
        SUICIDE,
        "Not wanting to be alive / here any more. 'be here' needs 'anymore'; "
        "'live' is cancelled by a place or person after it ('live in this house', "
        "'live without him').",
        r"\b(?:don'?t|do\s+not|doesn'?t|does\s+not|didn'?t)\s+want\s+to\s+(?:"
        r"be\s+alive|exist|be\s+here\s+(?:anymore|any\s+more|any\s+longer)|"
        r"go\s+on\s+(?:living|anymore|any\s+more|any\s+longer)|wake\s+up|live)\b|"
        r"\bcan'?t\s+go\s+on\s+(?:living|anymore|any\s+more|any\s+longer)\b",
        unless_after=r"^\s*(?:here|there|in\b|with\b|like\b|together|near|under|a\s|alone|"
        r"without|early|next\s+to|on\s+(?:my|our|the)|at\b|so\b|for\s+(?:him|her)|as\b|"
        r"apart|separately|half)",
    ),
    _Rule(
        SUICIDE,
        "Going to sleep and not waking up.",
        r"\b(?:go\s+to\s+sleep|fall\s+asleep|sleep)\s+and\s+(?:never|not)\s+wake\s+up\b|"
        r"\bhope\s+I\s+(?:don'?t|do\s+not|never)\s+wake\s+up\b|"
        r"\b(?:never|not)\s+(?:to\s+)?wake\s+up\s+again\b",
    ),
    _Rule(
        SUICIDE,
        "Nobody would miss me / care if I died.",
        r"\b(?:no\s?one|no-one|nobody)\s+(?:would|will|'d)\s+(?:even\s+|really\s+)?(?:miss\s+me|"
        r"(?:care|notice)\s+if\s+I\s*(?:'m|was|were)?\s*(?:gone|dead|died|disappeared|killed))\b",
    ),
    _Rule(
        SUICIDE,
        "Means and methods: overdose, hoarding pills, jumping, crashing the car, "
        "hanging, wrists. Guard: 'overdosed on Netflix'.",
        r"\boverdos(?:e|ed|es|ing)\b|"
        r"\b(?:stockpil\w*|hoard\w*|sav(?:ing|ed)\s+up)\s+(?:my\s+|his\s+|her\s+|the\s+)?"
        r"(?:sleeping\s+)?(?:pills|meds|medication|tablets|painkillers)\b|"
        r"\b(?:took|take|taking|swallow(?:ed)?)\s+(?:a\s+(?:whole\s+)?(?:bunch|bottle|handful|load)\s+of|"
        r"all\s+(?:of\s+)?(?:my|his|her|the)|too\s+many)\s+(?:sleeping\s+)?(?:pills|tablets|meds|"
        r"painkillers)\b|"
        r"\b(?:jump(?:ing|ed)?|throw(?:ing)?\s+(?:my|him|her)self)\s+(?:off|from|in\s+front\s+of)\s+"
        r"(?:a|the)\s+(?:bridge|building|roof|cliff|balcony|train|bus|truck|lorry)\b|"
        r"\b(?:driv(?:e|ing)|drove|crash(?:ing|ed)?|steer(?:ing)?)\s+(?:my|the|his|her)\s+car\s+"
        r"(?:into|off)\b|"
        r"\bhang(?:ing|ed)?\s+(?:my|him|her)self\b|"
        r"\b(?:slit|slitting|cut|cutting)\s+(?:my|his|her)\s+wrists?\b",
        unless_before=r"\bif\s+(?:everyone|all\s+your\s+friends|your\s+friends)\s+$",
        unless_after=r"^\s*on\s+(?:netflix|coffee|caffeine|sugar|chocolate|tv|television|"
        r"true\s+crime|rom-?coms|podcasts|self-help|reality)",
    ),
    # --- self-harm ---------------------------------------------------------
    _Rule(
        SELF_HARM,
        "Self-harm named as such.",
        r"\bself[- ]?(?:harm|harms|harmed|harming|injur(?:y|ies|e|ed|ing))\b",
    ),
    _Rule(
        SELF_HARM,
        "cut / burn / hurt / harm / punch myself (or himself, herself). Guards: "
        "'cut myself off', 'some slack', 'cut myself shaving', 'hurt myself at "
        "the gym', 'hurting myself by checking his phone' (a verb in -ing after).",
        r"\b(?:cut|cuts|cutting|burn|burns|burned|burnt|burning|hurt|hurts|hurting|harm|harms|"
        r"harmed|harming|punch(?:es|ed|ing)?)\s+(?:my|him|her|them)\s?sel(?:f|ves)\b",
        unless_before=r"\b(?:accidentally|only|just\s+end\s+up)\s+$",
        unless_after=r"^\s*(?:off|out|short|some\s+slack|a\s|an\s|free|loose|shaving|while|"
        r"on\s+(?:a|the)\b|cooking|chopping|slicing|opening|accidentally|by\b|more\s+than|"
        r"at\s+(?:the\s+)?(?:gym|work|football|training)|lifting|playing|running|skiing|"
        r"falling|moving|doing|in\s+the\s+(?:garden|gym|kitchen|process)|"
        r"when\s+(?:I|he|she)\s+(?:fell|tripped|slipped)|[a-z]+ing\b)",
    ),
    _Rule(
        SELF_HARM,
        "Cutting as a habit ('started cutting again', 'the urge to cut'). Guards: "
        "cutting ties, contact, carbs, costs, him off...",
        r"\bI(?:'ve)?\s+(?:cut|been\s+cutting|burned|burnt)\s+again\b|"
        r"\b(?:urges?\s+to\s+cut|(?:started|start|been|keep|kept|went\s+back\s+to|relapsed\s+(?:on|into)|"
        r"thinking\s+about|think\s+about|thought\s+about|stopped|stop)\s+cutting)\b",
        unless_after=r"^\s*(?:ties|back|down|off|him|her|them|out|costs|contact|my|the|our|his|"
        r"a\b|an\b|it|corners|loose|things|hair|carbs|sugar|alcohol|drinking|cord|people|"
        r"up|into|through|class|school|work|hours|spending|expenses)",
    ),
    # --- violence at home --------------------------------------------------
    _Rule(
        VIOLENCE,
        "A partner (he, she, my husband, my STBX...) hitting, choking, shoving... "
        "the poster, the children or a pet. Up to two words may sit between "
        "('he has hit me', 'he's been hitting me'); a negation there cancels "
        "('he would never hit me'), as does a hypothetical 'if' just before. "
        "Guards for idioms: 'hit me up', 'hit me with the news', 'pushed me "
        "away', 'beat me at Scrabble', 'kicked me out', 'grabbed me a coffee'.",
        rf"{_SUBJ}{_FILL}\s+{_HIT_VERBS}\s+{_VICTIM}",
        unless_before=r"\b(?:if|even\s+if|what\s+if|unless|imagine)\s+$",
        unless_after=_HIT_IDIOMS,
        not_in_fill=True,
    ),
    _Rule(
        VIOLENCE,
        "The poster being violent to their partner ('I slapped her'): still "
        "violence at home. Same guards.",
        rf"\bI(?:'ve|'d)?{_FILL}\s+{_HIT_VERBS}\s+(?:him|her|{_PARTNER})\b",
        unless_before=r"\b(?:if|even\s+if|what\s+if|unless|imagine)\s+$",
        unless_after=_HIT_IDIOMS,
        not_in_fill=True,
    ),
    _Rule(
        VIOLENCE,
        "Passive: 'I was hit / choked / raped by him'.",
        r"\bI\s*(?:was|'ve\s+been|have\s+been|got|get)\s+(?:\w+\s+)?(?:hit|slapped|punched|"
        r"choked|strangled|beaten|kicked|shoved|raped|assaulted|attacked|strangled)\s+by\s+"
        rf"(?:him|her|{_PARTNER})\b",
    ),
    _Rule(
        VIOLENCE,
        "Physical restraint and sexual violence: 'pinned me down', 'slammed me "
        "against the wall', 'forced himself on me', 'forced me to have sex'.",
        r"\b(?:pinned|pins|pinning|held|holds|holding)\s+me\s+down\b|"
        r"\b(?:slammed|slams|threw|throws|shoved|pushed)\s+me\s+(?:against|into\s+(?:the|a)\s+"
        r"(?:wall|door|floor|table|counter|car|fridge)|down\s+(?:the|on)|to\s+the\s+(?:floor|ground))\b|"
        r"\bforc(?:ed|es|ing)\s+(?:him|her)self\s+on\s+me\b|"
        r"\bforc(?:ed|es|ing)\s+me\s+(?:to\s+have\s+sex|into\s+sex|to\s+sleep\s+with)\b|"
        r"\b(?:gave|give|gives|left)\s+me\s+(?:with\s+)?(?:a\s+)?(?:black\s+eye|bruises?|"
        r"split\s+lip|concussion)\b|"
        r"\bthr(?:ew|ows|owing)\s+(?:a|the|his|her|my)\s+(?:plate|glass|mug|cup|bottle|chair|"
        r"phone|knife|lamp|bowl|shoe|remote|laptop)\s+at\s+(?:me|us|my\s+head)\b",
    ),
    _Rule(
        VIOLENCE,
        "Threats: 'threatened to kill me', 'threatened me with a knife', 'pulled a "
        "gun on me', 'held a knife to my throat'. Threats to take the children or "
        "to divorce are not violence and are left alone.",
        r"\bthreat(?:en|ens|ened|ening)?\s+(?:me|us|the\s+kids|the\s+children)?\s*"
        r"(?:with\s+(?:a\s+|his\s+|her\s+|the\s+)?(?:knife|gun|weapon|bat|hammer|violence|"
        r"a\s+beating|physical)|"
        rf"to\s+(?:kill|hurt|harm|shoot|stab|strangle|choke|beat|burn|hit|attack|murder)\s+{_VICTIM})|"
        r"\b(?:pull(?:ed|s|ing)?|point(?:ed|s|ing)?)\s+(?:a|his|her|the)\s+(?:knife|gun|rifle|pistol)\s+"
        r"(?:on|at)\s+(?:me|us|the\s+kids)\b|"
        r"\bh(?:eld|olds|olding)\s+(?:a|the|his|her)\s+(?:knife|gun|blade)\s+to\s+(?:me|my|our|the)\b|"
        r"\bthreat(?:en|ens|ened|ening)?\s+to\s+(?:burn|set\s+fire\s+to)\s+(?:the|our|my)\s+"
        r"(?:house|home|flat|apartment|car)\b",
    ),
    _Rule(
        VIOLENCE,
        "A weapon and 'use it on me' in the same sentence.",
        r"\buse\s+(?:it|that|them|the\s+(?:gun|knife))\s+on\s+(?:me|us|the\s+kids|the\s+children)\b",
        requires_before=r"\b(?:gun|guns|knife|knives|rifle|pistol|weapon|shotgun|firearm)\b[^.!?;]*$",
    ),
    _Rule(
        SUICIDE,
        "A partner threatening suicide: 'threatened to kill himself if I leave'.",
        r"\bthreat(?:en|ens|ened|ening)?\s+to\s+(?:kill|hurt|harm|shoot)\s+(?:him|her|them)sel(?:f|ves)\b",
    ),
    _Rule(
        VIOLENCE,
        "'He said he'd kill me', 'I'm scared he'll hurt me': a kill/hurt/hit verb "
        "with the poster or the children as object, counted only when a threat "
        "or fear word and a partner come just before it (same sentence). Guard: "
        "'she'll kill me if she finds out I posted this'.",
        rf"\b(?:kill|murder|hurt|harm|shoot|stab|strangle|choke|beat|hit|attack)\s+{_VICTIM}",
        requires_before=rf"\b{_THREAT_CUE}\b[^.!?;]*?{_SUBJ}[^.!?;]{{0,30}}$",
        unless_after=_KILL_IDIOM_AFTER + r"|^\s*(?:emotionally|again\s+(?:emotionally|like\s+that)|"
        r"by\s+(?:leaving|going|saying|telling|cheating)|like\s+(?:that|this|before))",
    ),
    _Rule(
        VIOLENCE,
        "Fear for safety at home: 'I don't feel safe at home', 'afraid for my life', "
        "'scared to go home', 'I'm afraid of him'. Guards: 'afraid of her "
        "leaving', 'scared of his reaction' (a verb in -ing or a noun after).",
        r"\b(?:don'?t|do\s+not|never)\s+feel\s+safe\s+(?:at\s+home|in\s+(?:my|our|the)\s+(?:own\s+)?"
        r"(?:home|house|flat|apartment|bed)|around\s+(?:him|her)|with\s+(?:him|her)|"
        r"when\s+(?:he|she)\s+(?:is|'s|gets)\s+(?:home|drunk|angry))\b|"
        r"\b(?:not|isn'?t)\s+safe\s+(?:at\s+home|around\s+(?:him|her)|with\s+(?:him|her)|"
        r"in\s+(?:my|our|the)\s+(?:own\s+)?(?:home|house))\b|"
        r"\b(?:afraid|scared|fear(?:ful)?|terrified|frightened)\s+for\s+(?:my|our|the\s+kids'?|"
        r"the\s+children'?s|my\s+kids'?|my\s+children'?s)\s+(?:life|lives|safety)\b|"
        r"\b(?:afraid|scared|terrified|frightened)\s+to\s+go\s+(?:back\s+)?home\b|"
        r"\b(?:afraid|scared|terrified|frightened)\s+of\s+what\s+(?:he|she)\s*(?:'d|would|will|'ll|"
        r"might|could|is\s+going\s+to|'s\s+going\s+to)\s+do\b|"
        r"\b(?:afraid|scared|terrified|frightened)\s+(?:of|to\s+be\s+(?:around|alone\s+with))\s+"
        rf"(?:him|her|{_PARTNER})(?!'s)\b",
        unless_after=r"^\s*(?:[a-z]+ing\b|reaction|response|answer|decision|choice|anger|"
        r"temper|words|judg(?:e)?ment|opinion|family|mother|mum|mom|lawyer|attorney|"
        r"finding|knowing|seeing|(?:and\s+)?(?:what|how)\s+(?:he|she)'?l?l?\s+(?:think|say|feel))",
    ),
    _Rule(
        VIOLENCE,
        "Named abuse and its legal traces: domestic violence/abuse, 'physically "
        "abusive', 'gets violent when he drinks', restraining / protection orders.",
        r"\b(?:domestic|family|intimate\s+partner)\s+(?:violence|abuse)\b|"
        r"\bphysical(?:ly)?\s+(?:abus(?:e|ive)|violent|violence)\b|"
        rf"{_SUBJ}\s+(?:is|was|gets|got|has\s+been|had\s+been|becomes|became|can\s+be|can\s+get)\s+"
        r"(?:\w+\s+)?violent\b|"
        r"\b(?:restraining|protective|protection|non-molestation)\s+order\b|\border\s+of\s+protection\b",
    ),
)

_COMPILED_CRISIS = tuple(
    (
        rule,
        re.compile(rule.pattern, re.IGNORECASE),
        re.compile(rule.unless_before, re.IGNORECASE) if rule.unless_before else None,
        re.compile(rule.unless_after, re.IGNORECASE) if rule.unless_after else None,
        re.compile(rule.requires_before, re.IGNORECASE) if rule.requires_before else None,
    )
    for rule in _CRISIS_RULES
)


def find_crisis(text: str) -> list[Finding]:
    """Phrases suggesting suicide, self-harm or violence at home.

    Third parties count: a member worried that their spouse will hurt
    themselves or the children is a crisis too. One finding per place in the
    text, ordered by position.
    """
    prepared, where = _prepare(text, strip_emphasis=True)
    found: list[tuple[int, int, Finding]] = []
    for rule, pattern, before_guard, after_guard, before_needed in _COMPILED_CRISIS:
        for m in pattern.finditer(prepared):
            before = prepared[max(0, m.start() - 60) : m.start()]
            after = prepared[m.end() : m.end() + 60]
            if before_guard and before_guard.search(before):
                continue
            if after_guard and after_guard.search(after):
                continue
            start = m.start()
            if before_needed:
                cue = before_needed.search(before)
                if not cue:
                    continue
                start = m.start() - len(before) + cue.start()  # show the cue too
            if rule.not_in_fill and _NEGATION.search(m.group("fill") or ""):
                continue
            if rule.title and rule.title in m.group(0):
                continue
            finding = Finding(
                kind=CRISIS,
                reason=_CRISIS_REASON[rule.category],
                category=rule.category,
                excerpt=_excerpt(text, where, start, m.end()),
            )
            found.append((start, m.end(), finding))
    return _dedupe(found)


# ---------------------------------------------------------------------------
# Personal data
# ---------------------------------------------------------------------------

PHONE, EMAIL, STREET, FULL_NAME = "phone", "email", "street_address", "full_name"

# -- phone numbers -----------------------------------------------------------
# A candidate is a run of digits with spaces, dots, hyphens or brackets, not
# glued to letters, currency, slashes (dates, URLs) or decimals. It is then
# judged by its digit count and shape.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+$£€¥#/.:,\\-])(?:\+|\b00)?\(?\d[\d \t().-]{5,22}\d(?![\w%/:]|[.,-]\d|\))"
)
_DATE_LIKE = re.compile(r"^\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}$|^\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}$")
_YEAR_GROUPS = re.compile(r"^(?:(?:19|20)\d\d[\s.-]+)+(?:19|20)\d\d$")
_NANP_SHAPE = re.compile(
    r"^(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}$"
)
_LOCAL_SHAPE = re.compile(r"^\d{3}[.-]\d{4}$")
# Numbers that belong to organisations, not people: US toll-free, UK freephone,
# non-geographic and helpline ranges. Members share these as resources.
_NANP_TOLL_FREE = {"800", "888", "877", "866", "855", "844", "833", "822", "900"}
_UK_NON_PERSONAL = ("080", "0500", "030", "033", "034", "084", "087", "09")


def _phone_kind(candidate: str) -> bool:
    cand = candidate.strip()
    if _DATE_LIKE.match(cand) or _YEAR_GROUPS.match(cand):
        return False
    if re.search(r"[\s.()-]{3,}", cand) or cand.count("(") != cand.count(")"):
        return False
    if re.fullmatch(r"[\d,]*\d\.\d{1,2}", cand):  # decimal
        return False
    digits = re.sub(r"\D", "", cand)
    n = len(digits)
    international = cand.startswith("+") or cand.startswith("00")
    if international:
        digits = digits[2:] if cand.startswith("00") else digits
        n = len(digits)
        if not 8 <= n <= 15:
            return False
        if digits.startswith("1") and n == 11:
            return digits[1:4] not in _NANP_TOLL_FREE
        if digits.startswith("44"):
            national = digits[2:]
            national = national[1:] if national.startswith("0") else national
            return not ("0" + national).startswith(_UK_NON_PERSONAL)
        return True
    if digits.startswith("0"):
        # UK and most of the world dial national numbers with a leading 0.
        return 10 <= n <= 11 and not digits.startswith(_UK_NON_PERSONAL)
    if n == 10 and _NANP_SHAPE.match(cand):
        return digits[0] in "23456789" and digits[:3] not in _NANP_TOLL_FREE
    if n == 11 and digits.startswith("1") and _NANP_SHAPE.match(cand):
        return digits[1] in "23456789" and digits[1:4] not in _NANP_TOLL_FREE
    if n == 7 and _LOCAL_SHAPE.match(cand):
        return digits[0] in "23456789" and not digits.startswith("116")
    return False


# -- e-mail addresses ---------------------------------------------------------
_EMAIL_PLAIN = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+\\-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
_MAIL_PROVIDERS = (
    "gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|mac|aol|proton|protonmail|"
    "pm|gmx|mail|yandex|zoho|btinternet|sky|virginmedia|comcast|verizon|att|sbcglobal|"
    "bellsouth|cox|charter|rocketmail|fastmail|tutanota|hey|web|orange|free|wanadoo"
)
_EMAIL_PROVIDER_NO_TLD = re.compile(
    rf"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:{_MAIL_PROVIDERS})\b(?!\.\w)", re.IGNORECASE
)
_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
_AT = rf"(?P<at>\s*{_OPEN}\s*(?:at|@)\s*{_CLOSE}\s*|\s+at\s+|\s*@\s*)"
_DOT = rf"(?:\s*{_OPEN}\s*(?:dot|\.)\s*{_CLOSE}\s*|\s+dot\s+|\.)"
_TLD = r"(?:com|net|org|edu|gov|co|uk|io|me|info|biz|us|ca|au|de|fr|ie|nz|es|it|nl|mail)"
_EMAIL_OBFUSCATED = re.compile(
    rf"(?<![\w.+-])(?P<local>[A-Za-z0-9_%+-]+(?:{_DOT}[A-Za-z0-9_%+-]+)*){_AT}"
    rf"(?P<domain>[A-Za-z0-9-]+)(?P<rest>(?:{_DOT}[A-Za-z0-9-]+)*?{_DOT}{_TLD})\b",
    re.IGNORECASE,
)
_SPELLED = re.compile(rf"\s+dot\s+|{_OPEN}|{_CLOSE}|\s+at\s+", re.IGNORECASE)


def _obfuscated_email_ok(m: re.Match[str]) -> bool:
    whole = m.group(0)
    if not _SPELLED.search(whole):
        return False  # plain addresses are caught by _EMAIL_PLAIN
    at = m.group("at")
    if re.fullmatch(r"\s+at\s+", at, re.IGNORECASE):
        # "at" as an English word: "we met at match.com", "I looked at it dot com".
        # Demand a spelled/bracketed dot, and a mail provider or a local part
        # that does not look like an ordinary word.
        if not re.search(rf"\s+dot\s+|{_OPEN}|{_CLOSE}", m.group("rest"), re.IGNORECASE):
            return False
        local = m.group("local")
        provider = re.fullmatch(_MAIL_PROVIDERS, m.group("domain"), re.IGNORECASE)
        wordlike = re.fullmatch(r"[A-Za-z]+", local) is not None
        return bool(provider) or not wordlike
    return True


# -- street addresses and postcodes -------------------------------------------
_STREET_SUFFIX = (
    r"Street|St|Avenue|Ave|Av|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|"
    r"Terrace|Terr|Ter|Crescent|Cres|Close|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Row|"
    r"Gardens|Gdns|Grove|Mews|Trail|Trl|Walk"
)
# Suffixes that are also ordinary English words: only with Title Case names.
_AMBIGUOUS_SUFFIX = {
    "place", "way", "close", "row", "court", "drive", "square", "circle", "gardens", "grove",
    "trail", "walk", "terrace", "crescent", "mews", "pl", "ct", "dr", "sq", "cir",
}
_STREET_WORD = r"(?:\d{1,3}(?:st|nd|rd|th)|[A-Za-z][A-Za-z'-]*)"
_STREET = re.compile(
    r"(?<![\w$£€.,/-])(?P<num>\d{1,5}[A-Za-z]?)(?:\s*[-–]\s*\d{1,5})?,?\s+"
    r"(?P<dir>(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\.?\s+)?"
    rf"(?P<name>{_STREET_WORD}(?:\s+{_STREET_WORD}){{0,2}})\s+"
    rf"(?P<suffix>(?i:{_STREET_SUFFIX}))\b(?P<dot>\.)?"
    r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?"
    r"(?:,?\s+(?i:apt|apartment|unit|suite|ste|flat|no|#)\.?\s*#?\s*\w{1,5}\b)?"
)
_NOT_STREET_WORDS = {
    "the", "a", "an", "and", "or", "but", "of", "to", "from", "down", "up", "on", "in", "at",
    "by", "for", "with", "into", "onto", "over", "under", "my", "our", "his", "her", "their",
    "your", "its", "this", "that", "these", "those", "minutes", "minute", "mins", "min",
    "miles", "mile", "km", "kms", "blocks", "block", "hours", "hour", "hrs", "years", "year",
    "yrs", "days", "day", "weeks", "week", "months", "month", "times", "time", "houses",
    "doors", "steps", "feet", "ft", "yards", "metres", "meters", "more", "other",
    "different", "separate", "long", "whole", "same", "good", "bad", "hard", "easy", "very",
    "is", "was", "are", "were", "be", "been", "i", "we", "he", "she", "they", "it", "you",
    "kids", "children", "people", "dark", "better", "worse", "safe", "happy", "lonely",
    "quiet", "new", "old", "only", "just", "last", "next", "first", "second", "third",
    "nights", "night", "mornings", "hard", "lanes", "roads", "streets", "exits", "junctions",
    "stops", "turns", "wrong", "right", "left", "sessions", "pm", "am", "lbs", "kg",
    "percent", "per", "each", "every", "all", "some", "many", "few", "small", "big",
}
_POSTCODE_AREAS = (
    "AB|AL|BA|BB|BD|BH|BL|BN|BR|BS|BT|B|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|"
    "DY|EC|EH|EN|EX|E|FK|FY|GL|GU|GY|G|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|LA|"
    "LD|LE|LL|LN|LS|LU|L|ME|MK|ML|M|NE|NG|NN|NP|NR|NW|N|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|SA|SE|"
    "SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|S|TA|TD|TF|TN|TQ|TR|TS|TW|UB|WA|WC|WD|WF|WN|WR|WS|WV|"
    "W|YO|ZE"
)
# UK postcodes in capitals (the way they are written); inward letters exclude C I K M O V.
_UK_POSTCODE = re.compile(
    rf"\b(?:(?:{_POSTCODE_AREAS})\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{{2}}|GIR\s?0AA)\b"
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
# A ZIP code next to a state ("Springfield, IL 62704"), or ZIP+4 on its own.
_US_ZIP = re.compile(rf"\b(?:{_US_STATES}),?\s+\d{{5}}(?:-\d{{4}})?\b|(?<![\w-])\d{{5}}-\d{{4}}(?![\w-])")


def _street_ok(m: re.Match[str]) -> bool:
    words = m.group("name").split()
    if any(w.lower().strip("'") in _NOT_STREET_WORDS for w in words):
        return False
    suffix = m.group("suffix")
    if suffix.lower() in _AMBIGUOUS_SUFFIX:
        titled = suffix[0].isupper() and all(w[0].isupper() or w[0].isdigit() for w in words)
        if not titled:
            return False
    return True


# -- full names of partners ---------------------------------------------------
_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME_TOKEN = rf"(?:[{_UP}]')?[{_UP}][{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:-[{_UP}][{_LOW}]+)?"
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|[{_UP}]\.?(?![\w'-]))){{1,2}}"
_RELATION = (
    r"(?i:(?:my|his|her|our|the)\s+(?:(?:soon[- ]to[- ]be[- ])?(?:ex[- ]?)?(?:husband|wife|hubby|"
    r"partner|spouse|boyfriend|girlfriend|fianc[eé]e?)|ex|stbx[hw]?|stbx-?(?:h|w)|h|w|dh|dw|"
    r"affair\s+partner|ap|ow|om|other\s+(?:woman|man)|mistress|lover))"
)
_NAME_INTRO = (
    r"(?i:'s\s+(?:full\s+|real\s+|first\s+and\s+last\s+)?name\s+is|\s+is\s+called|,?\s+called|"
    r",?\s+named|\s+is\s+named)?"
)
_PARTNER_NAME = re.compile(
    rf"\b{_RELATION}{_NAME_INTRO}(?:\s*,\s*|\s*\(\s*|\s+)(?P<name>{_NAME})"
)
_NAME_THEN_PARTNER = re.compile(
    rf"(?P<name>{_NAME})(?:\s*,\s*|\s*\(\s*|\s+-\s+|\s+is\s+)(?i:(?:my|his|her)\s+"
    r"(?:(?:ex[- ]?)?(?:husband|wife|partner|spouse|boyfriend|girlfriend)|ex|stbx[hw]?|"
    r"affair\s+partner|mistress))\b"
)
_NOT_NAMES = {
    "I", "I'm", "I've", "I'd", "I'll", "And", "But", "Or", "So", "The", "A", "An", "He", "She",
    "We", "They", "It", "His", "Her", "My", "Our", "Is", "Was", "Has", "Had", "Said", "Says",
    "Told", "Left", "Moved", "Wants", "Wanted", "Just", "Then", "Now", "Today", "Yesterday",
    "Tomorrow", "Tonight", "Also", "However", "Edit", "Update", "Ok", "Okay", "Yes", "No",
    "Please", "Thanks", "Thank", "Sorry", "Dr", "Mr", "Mrs", "Ms", "Mx", "Sr", "Jr", "This",
    "That", "When", "Where", "What", "Why", "How", "Who", "If", "After", "Before", "Since",
    "Last", "Next", "Every", "All", "Our", "Your", "Their", "Dear", "Hi", "Hello", "Christmas",
    "Easter", "Thanksgiving", "Facebook", "Instagram", "WhatsApp", "Whatsapp", "Google",
    "Netflix", "Amazon", "Tinder", "Hinge", "Bumble", "Reddit", "God", "Lol", "Omg", "Tbh",
}
_CALENDAR = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
}
_NAME_PART = re.compile(rf"{_NAME_TOKEN}|[{_UP}]\.?(?![\w'-])")


def _name_span(m: re.Match[str], drop_leading: bool) -> tuple[int, int] | None:
    """The span of a plausible full name inside group "name", or None.

    Tokens that are not names ("And", "Monday", ...) end the name (or, for a
    name written before "my husband", are dropped from its front); at least a
    first and a last name must remain, the last one a real word, not an initial.
    """
    base = m.start("name")
    tokens = [(t.start() + base, t.end() + base, t.group(0)) for t in _NAME_PART.finditer(m.group("name"))]
    if drop_leading:
        # "Yesterday John Smith, my husband": drop leading non-names; a month
        # or weekday in front only if a first and last name still follow
        # ("April Jones, my wife" keeps April).
        while tokens and (
            tokens[0][2].rstrip(".") in _NOT_NAMES
            or (tokens[0][2] in _CALENDAR and len(tokens) > 2)
        ):
            tokens = tokens[1:]
    kept: list[tuple[int, int, str]] = []
    for s, e, tok in tokens:
        bare = tok.rstrip(".")
        if bare in _NOT_NAMES or (bare in _CALENDAR and kept):
            break
        kept.append((s, e, tok))
    if len(kept) < 2 or len(kept[-1][2].rstrip(".")) < 2 or len(kept[0][2].rstrip(".")) < 2:
        return None
    return kept[0][0], kept[-1][1]


def find_personal_data(text: str) -> list[Finding]:
    """Phone numbers, e-mail addresses, street addresses / postcodes and full
    names of partners. One finding per place in the text, ordered by position."""
    prepared, where = _prepare(text, strip_emphasis=False)
    found: list[tuple[int, int, Finding]] = []

    def add(start: int, end: int, category: str, reason: str) -> None:
        excerpt = _excerpt(text, where, start, end)
        found.append((start, end, Finding(PERSONAL_DATA, reason, category, excerpt)))

    for m in _PHONE_CANDIDATE.finditer(prepared):
        if _phone_kind(m.group(0)):
            add(m.start(), m.end(), PHONE, "personal data: phone number")

    for m in _EMAIL_PLAIN.finditer(prepared):
        add(m.start(), m.end(), EMAIL, "personal data: e-mail address")
    for m in _EMAIL_PROVIDER_NO_TLD.finditer(prepared):
        add(m.start(), m.end(), EMAIL, "personal data: e-mail address")
    for m in _EMAIL_OBFUSCATED.finditer(prepared):
        if _obfuscated_email_ok(m):
            add(m.start(), m.end(), EMAIL, "personal data: e-mail address")

    for m in _STREET.finditer(prepared):
        if _street_ok(m):
            end = m.end()
            if m.group("dot") and end == m.end("dot") and len(m.group("suffix")) > 4:
                end -= 1  # "Lane." ends a sentence; "St." keeps its dot
            add(m.start(), end, STREET, "personal data: street address")
    for m in _UK_POSTCODE.finditer(prepared):
        add(m.start(), m.end(), STREET, "personal data: postcode")
    for m in _US_ZIP.finditer(prepared):
        add(m.start(), m.end(), STREET, "personal data: postcode")

    for m in _PARTNER_NAME.finditer(prepared):
        span = _name_span(m, drop_leading=False)
        if span:
            add(m.start(), span[1], FULL_NAME, "personal data: full name")
    for m in _NAME_THEN_PARTNER.finditer(prepared):
        span = _name_span(m, drop_leading=True)
        if span:
            add(span[0], m.end(), FULL_NAME, "personal data: full name")

    # A phone number inside an e-mail address ("jsmith5551234567@...") is one finding.
    emails = [(s, e) for s, e, f in found if f.category == EMAIL]
    found = [
        (s, e, f)
        for s, e, f in found
        if f.category != PHONE or not any(es <= s and e <= ee for es, ee in emails)
    ]
    return _dedupe(found)


# ---------------------------------------------------------------------------
# Watched words
# ---------------------------------------------------------------------------

_SUBSTITUTIONS = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
_TOKEN_CHARS = set("@$!")


def _normalise_with_offsets(text: str, one: str = "i") -> tuple[str, list[int], list[int]]:
    """normalise(), also returning for each output character the start and end
    (exclusive) index of the original characters it came from."""
    # 1. casefold, NFKD, drop combining marks -- per original character.
    chars: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(c):
                continue
            for f in c.casefold():
                chars.append((f, i))
    # 2. tokens: runs of letters, digits and the symbols that stand for letters.
    tokens: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    gaps: list[str] = []  # separator text before each token
    gap = ""
    for c, i in chars:
        if c.isalnum() or c in _TOKEN_CHARS:
            if not current:
                gaps.append(gap)
                gap = ""
            current.append((c, i))
        else:
            if current:
                tokens.append(current)
                current = []
            gap += c
    if current:
        tokens.append(current)
    subs = dict(_SUBSTITUTIONS, **{"1": one})
    words: list[list[tuple[str, int]]] = []
    for tok in tokens:
        # "!" only stands for "i" inside a word ("sh!t"), not at its edges ("idiot!").
        while tok and tok[-1][0] == "!":
            tok = tok[:-1]
        while tok and tok[0][0] == "!":
            tok = tok[1:]
        if not tok:
            words.append([])
            continue
        has_letter = any(c.isalpha() for c, _ in tok)
        all_symbols = len(tok) > 1 and all(c in _TOKEN_CHARS for c, _ in tok)
        if has_letter or all_symbols:  # "a$$", "@$$"
            tok = [(subs.get(c, c), i) for c, i in tok]
        else:  # "$100", "2020": digits stay digits, a lone symbol goes
            tok = [(c, i) for c, i in tok if c.isdigit()]
        words.append(tok)
    # 3. join words spelled out letter by letter ("s h i t", "s.h.i.t") when
    #    three or more single characters follow each other with one separator.
    merged: list[list[tuple[str, int]]] = []
    run: list[tuple[str, int]] = []
    run_len = 0
    for k, tok in enumerate(words):
        single = len(tok) == 1 and tok[0][0].isalpha()
        sep = gaps[k] if k < len(gaps) else " "
        if single and run_len and len(sep) == 1 and sep != "\n":
            run.extend(tok)
            run_len += 1
            continue
        if run:
            if run_len >= 3:
                merged.append(run)
            else:
                merged.extend([[c] for c in run])
        run, run_len = [], 0
        if single:
            run, run_len = list(tok), 1
        elif tok:
            merged.append(tok)
    if run:
        if run_len >= 3:
            merged.append(run)
        else:
            merged.extend([[c] for c in run])
    # 4. one space between words.
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for w, tok in enumerate(merged):
        if w:
            out.append(" ")
            starts.append(tok[0][1])
            ends.append(tok[0][1])
        for c, i in tok:
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return "".join(out), starts, ends


def normalise(text: str) -> str:
    """Text as watched words are matched against it.

    Casefolded; accents stripped (NFKD, combining marks dropped); inside words
    that contain a letter, 0->o 1->i 3->e 4->a 5->s 7->t @->a $->s and !->i
    ("sh!t", "a$$", "@ss", "b1tch"; "!" only inside a word, never at its end);
    numbers on their own are left alone ("2020"); every run of spaces and
    punctuation becomes one space; words spelled out one letter at a time
    ("s h i t", "s.h.i.t") are joined.
    """
    return _normalise_with_offsets(text)[0]


def _watched_regex(pattern: str) -> re.Pattern[str] | None:
    """A watched pattern as a regex over normalised text, whole words only.
    A word ending in "*" matches any word it begins ("cheat*" -> "cheater")."""
    parts = []
    for raw in pattern.split():
        prefix = raw.endswith("*")
        word = normalise(raw.rstrip("*"))
        if not word:
            continue
        body = re.escape(word).replace(r"\ ", " ")
        parts.append(body + (r"\w*" if prefix else ""))
    if not parts:
        return None
    return re.compile(r"(?<!\w)" + " ".join(parts) + r"(?!\w)")


def find_watched(text: str, words: Iterable[WatchedWord]) -> list[tuple[WatchedWord, Finding]]:
    """Watched words and phrases found in ``text``.

    Matching is on normalised text (see ``normalise``) at word boundaries, so
    "ass" does not match "class" and "glass", and a pattern of several words
    matches them in order with any punctuation or spacing between. "1" is
    tried both as "i" and as "l" ("k1ll", "1oser"). One result per watched
    word (its first occurrence), ordered by position in the text.
    """
    variants = [_normalise_with_offsets(text, one) for one in ("i", "l")]
    results: list[tuple[int, WatchedWord, Finding]] = []
    seen: set[WatchedWord] = set()
    for word in words:
        if word in seen:
            continue
        regex = _watched_regex(word.pattern)
        if regex is None:
            continue
        hits = []
        for norm, starts, ends in variants:
            m = regex.search(norm)
            if m:
                hits.append((starts[m.start()], ends[m.end() - 1]))
        if not hits:
            continue
        start, end = min(hits)
        seen.add(word)
        finding = Finding(
            kind=WATCHED_WORD,
            reason=f"watched word: {word.pattern}",
            category=word.pattern,
            excerpt=text[start:end],
        )
        results.append((start, word, finding))
    results.sort(key=lambda r: r[0])
    return [(w, f) for _, w, f in results]
