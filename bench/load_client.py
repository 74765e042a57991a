"""The load generator of bench/load.py: stdlib only, loopback only.

Each client is a thread that takes the next voter and plays one browser visit: a new connection,
GET the voting page (the session cookie of an already signed-in voter; the response sets the CSRF
cookie and carries the form's token), then POST the ballot with that token. A share of voters
change their vote once: a second POST on the same connection. A connection error or a 5xx is
retried once on a fresh connection (the voter presses the button again); the failed attempt is
recorded, since the server may have stored it before the worker died.

The requests carry `X-Forwarded-Proto: https`, as they would behind the TLS proxy production
runs behind (SECURE_PROXY_SSL_HEADER), so Django takes the HTTPS path: secure cookies, HSTS and
the CSRF Origin check. The POST sends the Origin a browser would send.
"""

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

HOST = "127.0.0.1"
TOKEN_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT_RE = re.compile(rb'class="receipt__code">([A-Z0-9-]+)<')


@dataclass
class Attempt:
    """One POST of a ballot: what was sent and what came back."""

    choices: tuple[int, ...]
    code: str | None  # the receipt code when acknowledged
    status: int | None  # HTTP status, None after a connection error
    error: str = ""


@dataclass
class VoterLog:
    user_id: int
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def acknowledged(self) -> bool:
        return any(a.code for a in self.attempts)

    def last_acknowledged(self) -> Attempt | None:
        return next((a for a in reversed(self.attempts) if a.code), None)

    def failed_after(self, attempt: Attempt | None) -> list[Attempt]:
        """Attempts without a receipt after `attempt` (all of them if None): the server may
        have stored one of these before the connection broke."""
        start = 0 if attempt is None else self.attempts.index(attempt) + 1
        return [a for a in self.attempts[start:] if not a.code]


@dataclass
class LoadResult:
    voters: list[VoterLog]
    post_ms: list[float]  # every POST that got an HTTP response
    get_ms: list[float]
    wall: float
    errors: dict[str, int]
    unexpected: list[str]  # first bodies of unexpected answers, for diagnosis
    exhausted: bool  # ran out of voters before the time was up

    @property
    def receipts(self) -> int:
        return sum(1 for v in self.voters for a in v.attempts if a.code)


class _Shared:
    def __init__(self, voters):
        self.lock = threading.Lock()
        self.voters = iter(voters)
        self.errors: dict[str, int] = {}
        self.unexpected: list[str] = []
        self.exhausted = False

    def next_voter(self):
        with self.lock:
            try:
                return next(self.voters)
            except StopIteration:
                self.exhausted = True
                return None

    def error(self, kind: str, body: bytes = b""):
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if body and len(self.unexpected) < 3:
                self.unexpected.append(f"{kind}: {body[:300]!r}")


class _Browser:
    """One voter's browser: one keep-alive connection (reopened when the server closes it)."""

    def __init__(self, port, session_key, timeout, client_address=None):
        self.port, self.timeout = port, timeout
        self.cookies = {"sessionid": session_key} if session_key else {}
        # Behind the municipality's proxy (TRUSTED_PROXIES = 127.0.0.1 in bench/load.py) each
        # voter comes from their own address, as the sign-in rate limits expect.
        self.forwarded = {"X-Forwarded-For": client_address} if client_address else {}
        self.conn = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=()):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        all_headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept-Language": "sv",
            **self.forwarded,
            **dict(headers),
        }
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        elapsed = (time.perf_counter() - start) * 1000
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.close()
        return response.status, data, elapsed


def _client(shared, port, path, proposals, deadline, change_share, rng, out, timing, timeout):
    origin = f"https://{HOST}:{port}"
    while time.monotonic() < deadline:
        voter = shared.next_voter()
        if voter is None:
            return
        user_id, session_key = voter
        log = VoterLog(user_id)
        out.append(log)
        browser = _Browser(port, session_key, timeout)
        try:
            _vote(browser, path, proposals, change_share, rng, log, shared, timing, origin)
        finally:
            browser.close()


def _vote(browser, path, proposals, change_share, rng, log, shared, timing, origin):
    """GET the voting page and POST a ballot (a share of voters a second, changed one)."""
    post_ms, get_ms = timing
    token = _get_form(browser, path, shared, get_ms)
    if token is None:
        return
    rounds = 2 if rng.random() < change_share else 1
    for _ in range(rounds):
        choices = tuple(sorted(rng.sample(proposals, rng.randint(1, 5))))
        body = urlencode([("csrfmiddlewaretoken", token)] + [("choice", pk) for pk in choices])
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}{path}",
        }
        for _try in range(2):  # a failed attempt is retried once
            attempt = _post(browser, path, body, headers, choices, shared, post_ms)
            log.attempts.append(attempt)
            if attempt.code or (attempt.status is not None and attempt.status < 500):
                break


def _get_form(browser, path, shared, get_ms):
    for _try in range(2):
        try:
            status, data, elapsed = browser.request("GET", path)
        except (OSError, http.client.HTTPException) as error:
            shared.error(f"GET {type(error).__name__}")
            continue
        get_ms.append(elapsed)
        match = TOKEN_RE.search(data) if status == 200 else None
        if match:
            return match.group(1).decode()
        shared.error(f"GET {status}", data)
        if status < 500:
            return None
    return None


def _post(browser, path, body, headers, choices, shared, post_ms) -> Attempt:
    try:
        status, data, elapsed = browser.request("POST", path, body=body, headers=headers)
    except (OSError, http.client.HTTPException) as error:
        shared.error(f"POST {type(error).__name__}")
        return Attempt(choices, None, None, type(error).__name__)
    post_ms.append(elapsed)
    match = RECEIPT_RE.search(data) if status == 200 else None
    if match:
        return Attempt(choices, match.group(1).decode(), status)
    shared.error(f"POST {status}", data)
    return Attempt(choices, None, status, f"HTTP {status}")


def run(
    *,
    port: int,
    path: str,
    voters: list[tuple[int, str]],
    proposals: list[int],
    seconds: float,
    clients: int,
    change_share: float,
    seed: int,
    at_half=None,
    timeout: float = 60.0,
) -> LoadResult:
    """Cast ballots for `seconds` with `clients` concurrent browsers. New voters stop being
    taken when the time is up; voters already started finish (so every request is answered or
    failed before the database is checked). `at_half` is called once, halfway through."""
    shared = _Shared(voters)
    logs: list[list[VoterLog]] = [[] for _ in range(clients)]
    timings = [([], []) for _ in range(clients)]
    start = time.monotonic()
    deadline = start + seconds
    threads = [
        threading.Thread(
            target=_client,
            args=(
                shared,
                port,
                path,
                proposals,
                deadline,
                change_share,
                random.Random(seed * 1000 + i),
                logs[i],
                timings[i],
                timeout,
            ),
            daemon=True,
            name=f"client-{i}",
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    if at_half is not None:
        time.sleep(max(0.0, start + seconds / 2 - time.monotonic()))
        at_half()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - start
    return LoadResult(
        voters=[v for part in logs for v in part],
        post_ms=[ms for post, _get in timings for ms in post],
        get_ms=[ms for _post, get in timings for ms in get],
        wall=wall,
        errors=shared.errors,
        unexpected=shared.unexpected,
        exhausted=shared.exhausted,
    )


def run_floor(*, port: int, path: str, sessions: list[str], seconds: float, clients: int):
    """The reference for the voting figures: `clients` browsers GET `path` (a page with no work
    of its own) twice per connection, as a voter's visit makes two requests, for `seconds`.
    Returns (requests answered 200, wall seconds, [ms per request])."""
    lock = threading.Lock()
    keys = iter(sessions * 1000)
    ms: list[list[float]] = [[] for _ in range(clients)]
    deadline = time.monotonic() + seconds

    def client(out):
        while time.monotonic() < deadline:
            with lock:
                key = next(keys)
            browser = _Browser(port, key, 60.0)
            try:
                for _ in range(2):
                    status, _data, elapsed = browser.request("GET", path)
                    if status == 200:
                        out.append(elapsed)
            except (OSError, http.client.HTTPException):
                pass
            finally:
                browser.close()

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(ms[i],), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answered = [x for part in ms for x in part]
    return len(answered), time.monotonic() - start, answered


@dataclass(frozen=True)
class SignInPlan:
    """One voter of the sign-in mode: how they sign in, and where they then vote."""

    user_id: int | None  # None for a code voter until the code has made their account
    how: str  # "password" or "code"
    credential: str  # the e-mail address (with PASSWORD) or the voting code
    sign_in_path: str
    vote_path: str
    proposals: tuple[int, ...]
    client_address: str


@dataclass
class SignInResult:
    load: LoadResult
    sign_in_ms: dict[str, list[float]]  # per way of signing in: the POST that signs in
    signed_in: dict[str, int]
    logs: dict[int, SignInPlan]  # id(VoterLog) -> its plan


def _sign_in(browser, plan, password, shared, origin, out_ms) -> bool:
    """GET the sign-in page (CSRF cookie and token), POST the password or the code; signed in
    when answered with a redirect."""
    token = _get_form(browser, plan.sign_in_path, shared, [])
    if token is None:
        return False
    fields = (
        [("login", plan.credential), ("password", password)]
        if plan.how == "password"
        else [("code", plan.credential)]
    )
    body = urlencode([("csrfmiddlewaretoken", token), *fields])
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": origin,
        "Referer": f"{origin}{plan.sign_in_path}",
    }
    try:
        status, data, elapsed = browser.request("POST", plan.sign_in_path, body, headers)
    except (OSError, http.client.HTTPException) as error:
        shared.error(f"sign-in {type(error).__name__}")
        return False
    out_ms.append(elapsed)
    if status == 302:
        return True
    shared.error(f"sign-in {plan.how} {status}", data)
    return False


def run_signin(
    *,
    port: int,
    plans: list[SignInPlan],
    password: str,
    seconds: float,
    clients: int,
    change_share: float,
    seed: int,
    timeout: float = 60.0,
) -> SignInResult:
    """Each client takes the next voter: a fresh browser with no session signs in (password or
    voting code) and then votes as in `run`. Times are those of the POST that signs in."""
    shared = _Shared(plans)
    logs: list[list[VoterLog]] = [[] for _ in range(clients)]
    timings = [([], []) for _ in range(clients)]
    sign_in_ms: list[dict[str, list[float]]] = [{"password": [], "code": []} for _ in logs]
    signed_in = {"password": 0, "code": 0}
    plan_of: dict[int, SignInPlan] = {}
    lock = threading.Lock()
    origin = f"https://{HOST}:{port}"
    deadline = time.monotonic() + seconds

    def client(i, rng):
        while time.monotonic() < deadline:
            plan = shared.next_voter()
            if plan is None:
                return
            browser = _Browser(port, None, timeout, plan.client_address)
            log = VoterLog(plan.user_id)
            try:
                if not _sign_in(browser, plan, password, shared, origin, sign_in_ms[i][plan.how]):
                    continue
                with lock:
                    signed_in[plan.how] += 1
                    plan_of[id(log)] = plan
                logs[i].append(log)
                _vote(
                    browser,
                    plan.vote_path,
                    list(plan.proposals),
                    change_share,
                    rng,
                    log,
                    shared,
                    timings[i],
                    origin,
                )
            finally:
                browser.close()

    start = time.monotonic()
    threads = [
        threading.Thread(
            target=client, args=(i, random.Random(seed * 1000 + i)), daemon=True, name=f"c{i}"
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load = LoadResult(
        voters=[v for part in logs for v in part],
        post_ms=[ms for post, _get in timings for ms in post],
        get_ms=[ms for _post, get in timings for ms in get],
        wall=time.monotonic() - start,
        errors=shared.errors,
        unexpected=shared.unexpected,
        exhausted=shared.exhausted,
    )
    merged = {how: [ms for part in sign_in_ms for ms in part[how]] for how in signed_in}
    return SignInResult(load, merged, signed_in, plan_of)
