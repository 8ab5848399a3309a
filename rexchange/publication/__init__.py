"""The publication itself: name, tagline and rights line (a Wagtail site setting)."""
