"""How the dev runner speaks: one prefixed line at a time, flushed at once."""


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)
