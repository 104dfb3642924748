"""Reactions: support in one tap ("sending strength", "been there", "thank you")."""
