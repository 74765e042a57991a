"""Where a vote's time goes: the WSGI application in this process, no network, under cProfile.

Used by `bench/load.py --profile N`. Plays N voters the way the load generator does (GET the
voting page, POST the ballot with the CSRF token) straight into Django's WSGI handler with the
production settings and middleware, then prints per request: wall time, SQL statements and
their time, and the cumulative time of the parts of the request path (session, user, CSRF, the
rules, the transaction, the receipt template). cProfile slows Python down, so the parts are
also shown as shares of the profiled POST; the plain timings come from an unprofiled pass.
"""

import cProfile
import io
import pstats
import random
import re
import statistics
import time
from urllib.parse import urlencode

TOKEN_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
HOST, PORT = "127.0.0.1", "8000"

# (label, file fragment, function name): cumulative time inside the POST.
PARTS = [
    ("whole request (WSGIHandler.__call__)", "handlers/wsgi.py", "__call__"),
    ("session load (SessionStore.load)", "sessions/backends/db.py", "load"),
    ("user load (auth.get_user)", "contrib/auth/__init__.py", "get_user"),
    ("CSRF check (process_view)", "middleware/csrf.py", "process_view"),
    ("round load (get_round_for; + session, user)", "processes/queries.py", "get_round_for"),
    ("round + box (get_object_or_404 x 2)", "django/shortcuts.py", "get_object_or_404"),
    ("rules (why_cannot_vote, all calls)", "voting/rules.py", "why_cannot_vote"),
    ("cast_ballot (checks + transaction)", "voting/services/casting.py", "cast_ballot"),
    ("  proposals on the ballot (query)", "voting/queries.py", "proposal_titles_and_costs"),
    ("  _store_ballot (the transaction)", "voting/services/casting.py", "_store_ballot"),
    ("    audit.record", "audit/services.py", "record"),
    ("    COMMIT", "backends/base/base.py", "commit"),
    ("your ballot (current_choices)", "voting/services/casting.py", "current_choices"),
    ("ballot page rows (render_items)", "voting/ballot_html.py", "render_items"),
    ("page (render: receipt or ballot)", "django/shortcuts.py", "render"),
    ("response middleware: CSP", "csp/middleware.py", "process_response"),
    ("SQL execute (all statements)", "backends/utils.py", "_execute"),
]


def _environ(method, path, cookies, body=b""):
    import io as _io

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": PORT,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": HOST,
        "HTTP_HOST": f"{HOST}:{PORT}",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_LANGUAGE": "sv",
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "wsgi.input": _io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": _io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if method == "POST":
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["HTTP_ORIGIN"] = f"https://{HOST}:{PORT}"
    return environ


class _Queries:
    def __init__(self):
        self.count, self.seconds = 0, 0.0
        self.last: list[str] = []  # the statements of the last request

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1
            self.last.append(sql)


def _take_cookies(headers, cookies):
    for name, value in headers:
        if name == "Set-Cookie":
            key, _, rest = value.strip().partition("=")
            cookies[key] = rest.split(";", 1)[0]


def _call(app, environ):
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers

    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


def _visit(app, path, session_key, proposals, rng, timings=None, queries=None):
    """One voter: GET the page, POST a ballot. Returns the POST's body."""
    from django.db import connection

    cookies = {"sessionid": session_key}
    q = queries or {}
    get_q, post_q = q.get("GET", _Queries()), q.get("POST", _Queries())
    get_q.last, post_q.last = [], []
    start = time.perf_counter()
    with connection.execute_wrapper(get_q):
        status, headers, body = _call(app, _environ("GET", path, cookies))
    if timings is not None:
        timings["GET"].append(time.perf_counter() - start)
    assert status.startswith("200"), (status, body[:300])
    _take_cookies(headers, cookies)
    token = TOKEN_RE.search(body).group(1).decode()
    choices = sorted(rng.sample(proposals, rng.randint(1, 5)))
    form = urlencode([("csrfmiddlewaretoken", token)] + [("choice", pk) for pk in choices])
    start = time.perf_counter()
    with connection.execute_wrapper(post_q):
        status, _headers, body = _call(app, _environ("POST", path, cookies, form.encode()))
    if timings is not None:
        timings["POST"].append(time.perf_counter() - start)
    assert status.startswith("200") and b"receipt__code" in body, (status, body[:300])
    return body


def profile(round_box_proposals, voters, _secret):
    from django.core.handlers.wsgi import WSGIHandler

    budget_round, box, proposals = round_box_proposals
    path = f"/omgangar/{budget_round.slug}/rosta/{box.pk}/"
    app = WSGIHandler()
    rng = random.Random(3)
    half = len(voters) // 2
    warm, plain, profiled = voters[:10], voters[10:half], voters[half:]

    for _user_id, key in warm:
        _visit(app, path, key, proposals, rng)
    timings = {"GET": [], "POST": []}
    queries = {"GET": _Queries(), "POST": _Queries()}
    for _user_id, key in plain:
        _visit(app, path, key, proposals, rng, timings, queries)
    n = len(plain)
    print(f"profile: {n} voters through the WSGI handler in this process (no network, no cProfile)")
    for method in ("GET", "POST"):
        ms = [t * 1000 for t in timings[method]]
        print(
            f"  {method:4} median {statistics.median(ms):.1f} ms, mean {statistics.fmean(ms):.1f} "
            f"ms; {queries[method].count / n:.1f} SQL statements, "
            f"{queries[method].seconds * 1000 / n:.1f} ms in SQL per request"
        )

    floor = []
    for _user_id, key in plain:
        start = time.perf_counter()
        status, _headers, _body = _call(app, _environ("GET", "/om/", {"sessionid": key}))
        floor.append((time.perf_counter() - start) * 1000)
        assert status.startswith("200"), status
    print(
        f"  floor: GET /om/ (a static page, same middleware, signed in) median "
        f"{statistics.median(floor):.1f} ms"
    )
    for method in ("GET", "POST"):
        print(f"  the SQL of one {method}:")
        for sql in queries[method].last:
            print(f"    {_short(sql)}")

    profilers = {"GET": cProfile.Profile(), "POST": cProfile.Profile()}
    for _user_id, key in profiled:
        _visit_profiled(app, path, key, proposals, rng, profilers)
    m = len(profiled)
    for method, profiler in profilers.items():
        stats = pstats.Stats(profiler)
        total = _cumulative(stats, "handlers/wsgi.py", "__call__")[0]
        print(f"  {method} under cProfile, {m} requests: cumulative ms per request, share of it")
        for label, fragment, name in PARTS:
            ct, calls = _cumulative(stats, fragment, name)
            if ct:
                print(
                    f"    {label:44} {ct * 1000 / m:6.2f} ms {100 * ct / total:5.1f} %"
                    f"  {calls / m:4.1f} calls"
                )
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        print(f"  top functions by own time ({method}, profiled):")
        for line in lines[start : start + 16]:
            print("    " + line[:150])


def _visit_profiled(app, path, session_key, proposals, rng, profilers):
    """Like _visit, with the GET and the POST each under its own profiler."""
    cookies = {"sessionid": session_key}
    environ = _environ("GET", path, cookies)
    profilers["GET"].enable()
    status, headers, body = _call(app, environ)
    profilers["GET"].disable()
    _take_cookies(headers, cookies)
    token = TOKEN_RE.search(body).group(1).decode()
    choices = sorted(rng.sample(proposals, rng.randint(1, 5)))
    form = urlencode([("csrfmiddlewaretoken", token)] + [("choice", pk) for pk in choices])
    environ = _environ("POST", path, cookies, form.encode())
    profilers["POST"].enable()
    status, _headers, body = _call(app, environ)
    profilers["POST"].disable()
    assert status.startswith("200") and b"receipt__code" in body, (status, body[:300])


def _cumulative(stats, fragment, name) -> tuple[float, int]:
    """Cumulative seconds and calls of the functions `name` in a file matching `fragment`."""
    total, calls = 0.0, 0
    for (filename, _line, funcname), (cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if funcname == name and fragment in filename.replace("\\", "/"):
            total += ct
            calls += cc
    return total, calls


def _short(sql: str) -> str:
    """The gist of a statement: verb, tables and the WHERE clause, on one line."""
    sql = " ".join(sql.split())
    sql = re.sub(r'"[a-z_]+"\."([a-z_]+)"', r"\1", sql)  # "table"."column" -> column
    sql = re.sub(r"SELECT .*? FROM", "SELECT … FROM", sql, count=1)
    return sql.replace('"', "")[:140]
