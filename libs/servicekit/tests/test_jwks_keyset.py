import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from servicekit.tokens import JwksKeySet, KeysUnavailable


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _jwk():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    return {**RSAAlgorithm.to_jwk(key, as_dict=True), "kid": f"key-{id(key)}"}


@pytest.fixture
def published():
    return {"keys": [_jwk()]}


@pytest.fixture
def fetches():
    return []


@pytest.fixture
def keyset(published, fetches):
    clock = Clock()

    def fetch():
        fetches.append(clock.now)
        return published

    keys = JwksKeySet(fetch, refetch_interval=30, max_age=600, clock=clock)
    keys.clock = clock
    return keys


def test_known_kid_is_served_from_cache(keyset, published, fetches):
    kid = published["keys"][0]["kid"]
    assert keyset.get(kid) is not None
    assert keyset.get(kid) is not None
    assert len(fetches) == 1


def test_unknown_kids_refetch_at_most_once_per_30_seconds(keyset, published, fetches):
    keyset.get(published["keys"][0]["kid"])
    for _ in range(50):
        assert keyset.get("made-up") is None
    assert len(fetches) == 1
    keyset.clock.now += 30
    keyset.get("made-up")
    assert len(fetches) == 2


def test_a_rotated_key_is_found_by_refetching(keyset, published, fetches):
    keyset.get(published["keys"][0]["kid"])
    new = _jwk()
    published["keys"].insert(0, new)
    keyset.clock.now += 31
    assert keyset.get(new["kid"]) is not None


def test_keys_are_refetched_when_stale(keyset, published, fetches):
    kid = published["keys"][0]["kid"]
    keyset.get(kid)
    keyset.clock.now += 601
    keyset.get(kid)
    assert len(fetches) == 2


def test_unreachable_jwks_with_no_keys_raises(fetches):
    def fetch():
        raise requests.ConnectionError("down")

    with pytest.raises(KeysUnavailable):
        JwksKeySet(fetch).get("any")


def test_unreachable_jwks_keeps_the_keys_it_had(keyset, published):
    kid = published["keys"][0]["kid"]
    keyset.get(kid)
    keyset._fetch = lambda: (_ for _ in ()).throw(requests.ConnectionError("down"))
    keyset.clock.now += 601
    assert keyset.get(kid) is not None


def test_non_rsa_keys_are_ignored():
    keys = JwksKeySet(lambda: {"keys": [{"kty": "oct", "kid": "h", "k": "c2VjcmV0"}]})
    assert keys.get("h") is None
