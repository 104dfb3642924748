"""The priority table: higher is more urgent. Crisis > privacy > harassment > new member > the rest."""

from __future__ import annotations

from forum import review

CRISIS = 100
POSSIBLE_CRISIS = 70  # the crisis model alone (no crisis lines shown)
PRIVACY = 80
HARASSMENT = 60
NEW_MEMBER = 40
WATCHED_HOLD = 30
POSSIBLE_PRIVACY = 25  # the personal-data model below its confident threshold
FLAGGED = 20
REST = 10

REPORT_PRIORITY = {
    "crisis": CRISIS,
    "privacy": PRIVACY,
    "harassment": HARASSMENT,
    "spam": REST + 5,
    "other": REST,
}
REPORT_REASONS = ("spam", "harassment", "crisis", "privacy", "other")
REPORT_LABELS = {
    "spam": "Spam or advertising",
    "harassment": "Harassment or attacking someone",
    "crisis": "Someone may be in danger",
    "privacy": "Personal details (names, phone numbers, addresses)",
    "other": "Something else",
}

# Crisis text that reached no stored subject (moderation.crisis_texts). Every other kind of
# queue item -- posts, AMA questions, suggestions... -- is declared by its feature (forum.review).
CRISIS_TEXT = "crisis_text"

# Moderation's own subject types (the rest come with the features' review kinds, forum.review).
MEMBER = review.SubjectType("user", words="member")  # a silence or suspension
WATCHED_WORD = review.SubjectType("watched_word", words="watched word")
CRISIS_TEXT_SUBJECT = review.SubjectType("crisis_text", words="crisis text")
SUBJECT_TYPES = (MEMBER, WATCHED_WORD)

# The public log's words for what moderators did (no names, no content). An entry is public
# when its action is here. A decision that took a subject down reads as its subject type's
# `taken_down` word: a rejected suggestion, a removed post (also when its author was
# sanctioned with it: the sanction has its own entry about the member).
PUBLIC_WORDS = {
    "approve": "approved",
    "reject": "rejected",
    "remove": "removed",
    "dismiss": "reports dismissed",
    "silence": "member silenced",
    "suspend": "member suspended",
    "lift silence": "silence lifted",
    "lift suspend": "suspension lifted",
}


def public_action(action: str, subject_type: str) -> str:
    """The public log's words for `action` on a subject of `subject_type`."""
    if subject_type != MEMBER.name and action in ("reject", *review.SANCTIONS):
        return review.subject_type(subject_type).taken_down
    return PUBLIC_WORDS.get(action, action)


def category_of(reasons: list[str]) -> str:
    """The reason category shown in the public log (no content, no names)."""
    text = " ".join(reasons).lower()
    for needle, category in (
        ("crisis", "crisis"),
        ("personal data", "privacy"),
        ("privacy", "privacy"),
        ("harassment", "harassment"),
        ("spam", "spam"),
        ("watched word", "community rules"),
        ("new member", "new member review"),
    ):
        if needle in text:
            return category
    return "other"
