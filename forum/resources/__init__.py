"""The curated resource directory (workshops, retreats, groups, professionals, hotlines).

Its plugin (forum/resources/plugin.py) declares what it adds to an app: pages, API, the
`resource_suggestion` rate-limit policy, review kinds, the crisis-line provider, hooks."""
