"""Blocking: a member keeps someone out of their sight."""
