"""Sets of networks named by CIDRs: the proxies the gateway believes, who may read /metrics."""

from __future__ import annotations

import ipaddress

# The loopback and private networks: a scraper or proxy beside the process, never the public.
PRIVATE_NETWORKS = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"


class Networks:
    """Networks given as CIDRs (comma-separated settings such as TRUSTED_PROXY_CIDRS)."""

    def __init__(self, cidrs: list[str]) -> None:
        self._networks = [ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs]

    @classmethod
    def parse(cls, setting: str) -> Networks:
        return cls([cidr for cidr in setting.split(",") if cidr.strip()])

    def __bool__(self) -> bool:
        return bool(self._networks)

    def trusts(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False  # not an address: never one of ours
        return any(ip in network for network in self._networks)
