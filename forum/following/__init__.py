"""Following threads, reading them, and hearing about replies and mentions."""
