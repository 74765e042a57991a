"""The password hasher: Argon2id with parameters chosen for sign-in during a voting rush.

Voters sign in right before they vote, most of them on the last evening (ADR 0003). Django's
default, PBKDF2-SHA256 with 1 000 000 iterations, costs 200–340 ms of server CPU per sign-in
(bench/load.py --mode signin): on 2 cores about 5 sign-ins a second, whatever else the server
does. Argon2id is memory-hard, so a guess costs an attacker memory as well as time, and needs
far less CPU from us for the same protection.

Parameters (RFC 9106 Argon2id; the OWASP password storage cheat sheet's first equivalent
setting, m = 19 MiB, t = 2, p = 1): memory 19 MiB, 2 passes, 1 lane. Measured on the 2-core
test machine: 17–18 ms of CPU per hash (25–40 ms wall with other work on the cores), against
208 ms for PBKDF2 on the same machine at the same time. Memory: 19 MiB per sign-in being
checked, so 8 at once (2 gunicorn workers x 4 threads) take about 150 MB.

Stored hashes carry their parameters ("argon2$argon2id$v=19$m=19456,t=2,p=1$…"). A PBKDF2
hash of an existing account keeps working (PASSWORD_HASHERS lists it after this one) and is
rewritten as Argon2id at the person's next sign-in; so is an Argon2 hash with other parameters.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (argon2-cffi), with the parameters above. The algorithm name
    stays "argon2", so hashes made with Django's own parameters are read, and upgraded."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
