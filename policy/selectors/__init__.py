"""Reads of the policy record, one module per reader:

- `visibility`: the one rule for which events readers may see at all;
- `events`: what public pages show of an event (previous, diff, next, embeds);
- `tracker`: the timeline presenter behind the policy tracker and subject pages;
- `choosers`: the events an editor may choose in an admin form.

Citations (read by both apps' pages and APIs) live in `policy.citations`; the editors'
inbox reads in `policy.reporting.selectors`.
"""
