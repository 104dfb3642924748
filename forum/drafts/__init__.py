"""Server drafts (never the browser's storage, which a spouse at the same computer can read) and preview."""
