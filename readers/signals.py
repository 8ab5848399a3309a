"""Signals other parts of the site listen to.

`comment_approved` is sent once a comment becomes visible to readers (an editor
approved it, or an approved address posted it), with `page_id` and `comment`, so a
page cache can purge the page that now shows it.
"""

from django.dispatch import Signal

comment_approved = Signal()
