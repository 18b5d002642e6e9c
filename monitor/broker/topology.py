"""What netmon puts in RabbitMQ, and what each site's user may do there.

One topic exchange, ``netmon.sites``; every routing key ends with the site, so one topic
permission per site user (a regex on the routing key) says what it may publish::

    site ──obs.<site>───▶ netmon.sites ──▶ netmon.obs.<site>     quorum, single active consumer:
                              │                                  the centre's ingesters, one at
                              │                                  a time per site, in order
                              ├──lease.<site>─▶ netmon.lease.<site>  quorum, single active
                              │                                  consumer: the site's pollers
                              └──beat.<site>──▶ netmon.beat      quorum: every ingester
    netmon.dead (fanout) ──▶ netmon.dead                         dead letters: poison (after
                                                                 the delivery limit), expired

The centre (``netmon ingest``) declares all of it for every site of its inventory; a site
declares nothing (its user may not), so a site started before the centre keeps its polls in
its outbox until the queues exist. ``x-`` arguments fix the queue type and single active
consumer (RabbitMQ refuses to change them); TTL and the delivery limit are arguments too,
and a changed value is refused by RabbitMQ with PRECONDITION_FAILED: netmon says which queue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from netmon.monitor.broker.config import BrokerConfig

EXCHANGE = "netmon.sites"
DEAD_EXCHANGE = "netmon.dead"
DEAD_QUEUE = "netmon.dead"
BEAT_QUEUE = "netmon.beat"
DEAD_TTL_MS = 7 * 86_400_000  # dead letters wait a week for someone to look


def obs_key(site: str) -> str:
    return f"obs.{site}"


def lease_key(site: str) -> str:
    return f"lease.{site}"


def beat_key(site: str) -> str:
    return f"beat.{site}"


def obs_queue(site: str) -> str:
    return f"netmon.obs.{site}"


def lease_queue(site: str) -> str:
    return f"netmon.lease.{site}"


def obs_arguments(cfg: BrokerConfig) -> dict[str, Any]:
    return {"x-queue-type": "quorum", "x-single-active-consumer": True,
            "x-delivery-limit": cfg.delivery_limit, "x-message-ttl": cfg.message_ttl_s * 1000,
            "x-dead-letter-exchange": DEAD_EXCHANGE}


def lease_arguments(cfg: BrokerConfig) -> dict[str, Any]:
    # Pings older than three of them say nothing about who is alive now.
    return {"x-queue-type": "quorum", "x-single-active-consumer": True,
            "x-message-ttl": int(cfg.lease_ping_s * 3000)}


def beat_arguments(cfg: BrokerConfig) -> dict[str, Any]:
    return {"x-queue-type": "quorum", "x-message-ttl": int(cfg.site_heartbeat_s * 4000)}


async def declare(channel: Any, sites: list[str], cfg: BrokerConfig) -> None:
    """Everything above, for ``sites`` (idempotent; the centre does it at each start)."""
    from aio_pika import ExchangeType

    ex = await channel.declare_exchange(EXCHANGE, ExchangeType.TOPIC, durable=True)
    dead = await channel.declare_exchange(DEAD_EXCHANGE, ExchangeType.FANOUT, durable=True)
    q = await channel.declare_queue(DEAD_QUEUE, durable=True, arguments={
        "x-queue-type": "quorum", "x-message-ttl": DEAD_TTL_MS})
    await q.bind(dead)
    q = await channel.declare_queue(BEAT_QUEUE, durable=True, arguments=beat_arguments(cfg))
    await q.bind(ex, "beat.*")
    for site in sites:
        q = await channel.declare_queue(obs_queue(site), durable=True,
                                        arguments=obs_arguments(cfg))
        await q.bind(ex, obs_key(site))
        q = await channel.declare_queue(lease_queue(site), durable=True,
                                        arguments=lease_arguments(cfg))
        await q.bind(ex, lease_key(site))


@dataclass(frozen=True)
class Grants:
    """A site user's permissions in the vhost, as ``rabbitmqctl`` takes them."""

    configure: str
    write: str
    read: str
    topic_write: str
    topic_read: str


def site_grants(site: str) -> Grants:
    """Publish to the exchange, only with its own site's routing keys; consume only its
    lease queue; declare nothing."""
    s = re.escape(site)
    return Grants(configure="^$", write=f"^{re.escape(EXCHANGE)}$",
                  read=f"^{re.escape(lease_queue(site))}$",
                  topic_write=f"^(obs|lease|beat)\\.{s}$", topic_read=f"^lease\\.{s}$")


CENTRE_GRANTS = Grants(configure="^netmon\\.", write="^netmon\\.", read="^netmon\\.",
                       topic_write="^(obs|lease|beat)\\.", topic_read=".*")


def rabbitmqctl_lines(user: str, vhost: str, grants: Grants) -> list[str]:
    """The commands an administrator runs once per user (``read -rs PASSWORD`` first, so
    that the password is in no shell history)."""
    return [f"rabbitmqctl add_user '{user}' \"$PASSWORD\"",
            f"rabbitmqctl set_permissions -p '{vhost}' '{user}' '{grants.configure}' "
            f"'{grants.write}' '{grants.read}'",
            f"rabbitmqctl set_topic_permissions -p '{vhost}' '{user}' {EXCHANGE} "
            f"'{grants.topic_write}' '{grants.topic_read}'"]
