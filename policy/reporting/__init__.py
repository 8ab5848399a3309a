"""Outside reporting: the sources we poll, the reports they yield, and editors'
annotations on them — the start of the one-way flow source → report → event/article.

- `models`: Source, Report and Annotation (tables and permissions stay in `policy`);
- `ingest/`: the pure pipeline, no Django: guarded fetching, parsing, decoding, dedupe;
- `services/`: writes, one module per job (registry, leasing, backoff, fetch and
  store, triage, event drafts); `selectors`: reads for the inbox;
- `tasks`: the Celery tasks (beat polling and one fetch per source);
- `inbox/`: the editors' inbox in the Wagtail admin.

The `ingest` and `bench_ingest` management commands live in `policy/management/`.
"""
