"""Password hashing (argon2id), the password rules, and one-time passwords."""
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults are RFC 9106's "low memory" profile for argon2id
# (t=3, m=64 MiB, p=4): strong, and still ~50 ms on a small server.
_hasher = PasswordHasher()
# Verified against when the username is unknown, so that an unknown user
# costs the same time as a wrong password (no account enumeration by timing).
_DUMMY_HASH = _hasher.hash("not-a-real-password-used-for-timing-only")

MIN_LENGTH = 10
MAX_LENGTH = 200

# The passwords most often tried first; a short list is enough with the
# length rule (NIST SP 800-63B: length plus a block list, no composition rules).
_COMMON = frozenset(
    """password password1 password12 password123 passw0rd 1234567890 12345678910 123456789a
    qwertyuiop qwerty1234 qwerty12345 1q2w3e4r5t 1qaz2wsx3edc iloveyou12 letmein123
    welcome123 welcome1234 admin12345 administrator changeme123 football12 abc1234567
    motdepasse motdepasse1 contraseña contrasena 0000000000 1111111111 aaaaaaaaaa
    azertyuiop azerty1234 unicef2024 savethechildren""".split()
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends one argon2 verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is refused, in plain English to be translated, or None."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    lowered = password.casefold()
    if lowered in _COMMON or len(set(lowered)) < 4:
        return "too_common"
    if username and username.casefold() in lowered:
        return "contains_username"
    return None


def one_time_password() -> str:
    """A password to read off paper or a screen and type on a phone: three groups of four letters and digits.

    About 59 bits from an alphabet without look-alikes (no 0/o, 1/l/i);
    it works for one sign-in, then its holder must choose their own.
    """
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
