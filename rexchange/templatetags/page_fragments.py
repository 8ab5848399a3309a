"""`{% page_fragment "name" %}…{% end_page_fragment %}`: a part of a page that is
rendered once per published state and then read from the shared cache.

The view puts a `page_fragments` object (rexchange.cache.fragments) in the context;
without one the tag just renders what it wraps.
"""

from django import template

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        fragments = context.get("page_fragments")
        if fragments is None:
            return self.nodelist.render(context)
        return fragments.render(self.name, lambda: self.nodelist.render(context))


@register.tag("page_fragment")
def page_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            '{% page_fragment "name" %} takes one quoted name'
        )
    nodelist = parser.parse(("end_page_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(bits[1][1:-1], nodelist)
