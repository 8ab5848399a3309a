"""The API kit both apps build their endpoints on, mounted at /api/.

- `urls`: the router (the one place that imports the apps' API views), schema, docs.
- `views`: the read-only viewset base: strict parameters, rights, cache validators.
- `paging`, `filters`: keyset and page-number pagination; filter building blocks.
- `access`, `keys`: API keys (model and services), authentication, shared throttles.
- `schema`, `shapes`, `serializers`, `rights`: OpenAPI generation, shared payload
  shapes, the rights field and the rights block read from the publication settings.
- `admin`: the API keys screen in the Wagtail admin.
"""
