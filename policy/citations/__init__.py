"""Citations: what backs a claim (a link, a licence event, an outside report).

Both apps cite, and both apps' pages and APIs show citations, so the pieces live here
rather than in either API: `stored` reads citations from stored StreamField JSON (pure),
`targets` loads what they point at (public events, reports) in a fixed number of
queries, and `serializers` shapes links and citations for the API.
"""
