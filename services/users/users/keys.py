"""The RS256 signing key, its `kid`, and the JWKS that publishes it.

Rotation: deploy the new private key with JWT_PREVIOUS_PUBLIC_KEY set to the old public key,
so tokens signed before the switch keep verifying until they expire; verifiers refetch the
JWKS when they meet the new `kid`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from servicekit.config import ConfigurationError

KEY_BITS = 2048


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def public_jwk(public_key: rsa.RSAPublicKey) -> dict[str, str]:
    numbers = public_key.public_numbers()
    jwk = {"e": _b64url_uint(numbers.e), "kty": "RSA", "n": _b64url_uint(numbers.n)}
    # RFC 7638 thumbprint: the key id changes exactly when the key does.
    canonical = json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()
    kid = base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).decode().rstrip("=")
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@dataclass(frozen=True)
class SigningKeys:
    private_key: rsa.RSAPrivateKey
    kid: str
    jwks: dict[str, Any]


def load_signing_keys(config: dict[str, Any]) -> SigningKeys:
    private_key = _load_private_key(config)
    current = public_jwk(private_key.public_key())
    published = [current]
    previous_pem = _read_text(
        config.get("JWT_PREVIOUS_PUBLIC_KEY"), config.get("JWT_PREVIOUS_PUBLIC_KEY_FILE")
    )
    if previous_pem:
        previous = serialization.load_pem_public_key(previous_pem.encode())
        if not isinstance(previous, rsa.RSAPublicKey):
            raise ConfigurationError("JWT_PREVIOUS_PUBLIC_KEY must be an RSA public key")
        previous_jwk = public_jwk(previous)
        if previous_jwk["kid"] != current["kid"]:
            published.append(previous_jwk)
    return SigningKeys(private_key, current["kid"], {"keys": published})


def _read_text(value: str | None, path: str | None) -> str | None:
    if value:
        # Environment variables often carry PEMs with literal "\n" sequences.
        return value.replace("\\n", "\n")
    if path:
        return Path(path).read_text()
    return None


def _load_private_key(config: dict[str, Any]) -> rsa.RSAPrivateKey:
    pem = _read_text(config.get("JWT_PRIVATE_KEY"), config.get("JWT_PRIVATE_KEY_FILE"))
    if pem is None:  # development only: load_settings refuses a missing key elsewhere
        pem = ensure_dev_key(Path(config["DEV_KEY_FILE"]))
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < KEY_BITS:
        raise ConfigurationError(f"the signing key must be an RSA key of at least {KEY_BITS} bits")
    return key


def generate_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def ensure_dev_key(path: Path) -> str:
    """The development key, generated once; safe when several workers start together."""
    if path.exists():
        return path.read_text()
    path.parent.mkdir(parents=True, exist_ok=True)
    candidate = path.with_name(f".{path.name}.{os.getpid()}")
    candidate.write_text(generate_private_key_pem())
    candidate.chmod(0o600)
    try:
        os.link(candidate, path)  # atomic: the first worker wins, the others read its key
    except FileExistsError:
        pass
    finally:
        candidate.unlink()
    return path.read_text()
