"""The editors' inbox in the Wagtail admin: triage, annotate and cite reports.

Views, filters, bulk actions and the dashboard panel are thin: they call the services
in `policy.reporting.services` and the selectors in `policy.reporting.selectors`.
"""
