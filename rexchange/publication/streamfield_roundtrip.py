"""StreamField values as the Wagtail admin would save them.

Content written by code (the demo) stores what the code wrote: rich text as typed
HTML, absent optional children, `""` where a form posts nothing. The admin stores what
its widgets post back: rich text normalized by the editor, every child present, choices
as the form cleans them. The first unchanged admin save then rewrites all of it, and
Compare shows untouched fields as changed. Passing a value through the same path
the admin takes — each block's form state, posted as the editor posts it, read with
the block's own `value_from_datadict` and cleaned — stores what the admin would.
"""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict
from wagtail.blocks import BaseStreamBlock, BaseStructBlock, ChooserBlock, ListBlock
from wagtail.blocks.stream_block import StreamValue


def _post(block, state, prefix: str, data: dict) -> None:
    """Write `state` (the block's form state) into `data` as the editor posts it."""
    if isinstance(block, BaseStreamBlock | ListBlock):
        children = state or []
        data[f"{prefix}-count"] = str(len(children))
        for i, child in enumerate(children):
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = child.get("id") or ""
            if isinstance(block, ListBlock):
                child_block = block.child_block
            else:
                data[f"{prefix}-{i}-type"] = child["type"]
                child_block = block.child_blocks[child["type"]]
            _post(child_block, child["value"], f"{prefix}-{i}-value", data)
    elif isinstance(block, BaseStructBlock):
        for name, child_block in block.child_blocks.items():
            _post(child_block, (state or {}).get(name), f"{prefix}-{name}", data)
    elif isinstance(block, ChooserBlock):
        data[prefix] = str(state["id"]) if isinstance(state, dict) else ""
    elif isinstance(state, list):  # choice blocks: the chosen values
        data[prefix] = [str(v) for v in state]
    elif state is None:
        data[prefix] = ""
    else:
        data[prefix] = state


def stream_as_admin_saves(stream_block, value) -> StreamValue:
    """`value` (a StreamValue, or what a StreamField accepts) round-tripped through
    the admin form; block ids are kept."""
    if not isinstance(value, StreamValue):
        value = stream_block.normalize(value)
    data: dict = {}
    _post(stream_block, stream_block.get_form_state(value), "stream", data)
    posted = MultiValueDict(
        {k: (v if isinstance(v, list) else [v]) for k, v in data.items()}
    )
    return stream_block.clean(stream_block.value_from_datadict(posted, {}, "stream"))


def page_streams_as_admin_saves(page, *names: str) -> None:
    """Replace the named StreamFields of `page` with what the admin would save."""
    for name in names:
        stream_block = page._meta.get_field(name).stream_block
        setattr(page, name, stream_as_admin_saves(stream_block, getattr(page, name)))
