"""Start the test provider: fresh database, RSA key, client and people, then serve.

    python -m delaktig.accounts.tests.oidc_provider_site.serve --db PATH --redirect-uri URL...
        [--post-logout-redirect-uri URL...]

Binds 127.0.0.1 on a port the system chooses and prints ``READY <port>`` once it accepts
requests. Stops on SIGTERM.
"""

import argparse
import contextlib
import os
import sys


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--redirect-uri", action="append", required=True)
    parser.add_argument("--post-logout-redirect-uri", action="append", default=[])
    args = parser.parse_args(argv)

    os.environ["DJANGO_SETTINGS_MODULE"] = "delaktig.accounts.tests.oidc_provider_site.settings"
    os.environ["OIDC_TEST_PROVIDER_DB"] = args.db
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    _seed(args.redirect_uri, args.post_logout_redirect_uri)

    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    print(f"READY {server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def _seed(redirect_uris, post_logout_redirect_uris):
    from django.contrib.auth import get_user_model
    from oidc_provider.models import Client, ResponseType, RSAKey

    from .people import CLIENT_ID, CLIENT_SECRET, PASSWORD, PEOPLE

    if not RSAKey.objects.exists():
        raise SystemExit("creatersakey did not create a key")
    client = Client.objects.create(
        name="Delaktig",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=True,
        reuse_consent=False,
        _redirect_uris="\n".join(redirect_uris),
        _post_logout_redirect_uris="\n".join(post_logout_redirect_uris),
    )
    client.response_types.set([ResponseType.objects.get(value="code")])
    users = get_user_model()
    for username in PEOPLE:
        users.objects.create_user(username=username, password=PASSWORD)


if __name__ == "__main__":
    sys.exit(main())
