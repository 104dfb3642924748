"""The priority table: higher is more urgent. Crisis > privacy > harassment > new member > the rest."""

from __future__ import annotations

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

# Kinds of queue item for screened writing: posts, and AMA questions (subject type "ama_question").
# Other kinds come from the app's registry (forum.review.kinds()).
HELD_POST, FLAGGED_POST, REPORT = "held_post", "flagged_post", "report"
HELD_QUESTION, FLAGGED_QUESTION = "held_question", "flagged_question"
POST_KINDS = {
    HELD_POST: "Held post",
    FLAGGED_POST: "Flagged post",
    REPORT: "Reported post",
    HELD_QUESTION: "Held AMA question",
    FLAGGED_QUESTION: "Flagged AMA question",
}
# Crisis text that reached no stored subject (moderation.crisis_texts).
CRISIS_TEXT = "crisis_text"
HELD_KINDS = {"post": HELD_POST, "ama_question": HELD_QUESTION}
FLAGGED_KINDS = {"post": FLAGGED_POST, "ama_question": FLAGGED_QUESTION}


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
