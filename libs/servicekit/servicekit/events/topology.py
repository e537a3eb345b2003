"""Who hears what: one table of subscriptions, declared in full by every process.

Publishers declare the consumers' queues and bindings too. On RabbitMQ that only makes an
event published before its consumer first started wait in its queue instead of coming back
unroutable; on the embedded transport it is required, because kombu's virtual transports
keep exchange bindings in each process's memory: a publisher that had not declared a
binding itself would route nothing to a queue another process bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from kombu import Exchange, Queue, binding

# Routing keys are event types; a consumer's queue is bound to the patterns it handles.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "jobs": ("user.*",),
    "reviews": ("user.*", "job.*", "company.*"),
}
# On RabbitMQ, a message delivered this many times without being acknowledged (a consumer
# that crashes on it every time) goes to the dead-letter queue. Failures the consumer sees
# are counted in its inbox instead (see inbox.py); this limit only stops a crash loop.
BROKER_DELIVERY_LIMIT = 20


@dataclass(frozen=True)
class Topology:
    namespace: str = "jobsight"

    @property
    def exchange(self) -> Exchange:
        return Exchange(f"{self.namespace}.events", type="topic", durable=True)

    def queue_name(self, service: str) -> str:
        return f"{self.namespace}.{service}"

    def dead_letter_queue(self, service: str) -> Queue:
        return Queue(self.queue_name(service) + ".dead", durable=True)

    def queue(self, service: str) -> Queue:
        name = self.queue_name(service)
        return Queue(
            name,
            exchange=self.exchange,
            bindings=[binding(self.exchange, routing_key=key) for key in SUBSCRIPTIONS[service]],
            durable=True,
            queue_arguments={
                # Replicated across an Amazon MQ cluster's nodes; the single-node broker of
                # development and CI accepts the same declaration.
                "x-queue-type": "quorum",
                "x-delivery-limit": BROKER_DELIVERY_LIMIT,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": name + ".dead",
            },
        )

    @staticmethod
    def subscribers(event_type: str) -> list[str]:
        """The services whose queues receive `event_type` (topic rules: `*` is one word)."""
        return [
            service
            for service, patterns in SUBSCRIPTIONS.items()
            if any(_matches(pattern, event_type) for pattern in patterns)
        ]

    def declare(self, channel) -> None:
        """Declare the exchange and every consumer's queues and bindings on `channel`."""
        self.exchange(channel).declare()
        for service in SUBSCRIPTIONS:
            self.dead_letter_queue(service)(channel).declare()
            self.queue(service)(channel).declare()


def _matches(pattern: str, routing_key: str) -> bool:
    words, keys = pattern.split("."), routing_key.split(".")
    return len(words) == len(keys) and all(w in ("*", k) for w, k in zip(words, keys, strict=True))
