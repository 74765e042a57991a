"""A small Django site running django-oidc-provider: the real OpenID Provider of the e-ID tests.

``python -m delaktig.accounts.tests.oidc_provider_site.serve --db DIR/op.sqlite3
--redirect-uri URL`` migrates a fresh SQLite database, creates an RSA signing key with
``creatersakey``, registers the client ``delaktig`` and the people in ``people.py``, then serves
on a free port on 127.0.0.1 and prints ``READY <port>``. Test-only; never deployed.
"""
