"""Beyond one machine: site pollers publish to RabbitMQ, the centre absorbs.

::

    config.py     the ``broker:`` section (URL, credentials, TLS, timings) and connecting
    topology.py   exchange, queues and their arguments; what each site's user may do
    codec.py      a site poll on the wire (JSON parts), round-trip exact
    link.py       one connection kept open (reconnects with backoff; says when it is up)
    outbox.py     the site's outbox: the on-disk spool, drained with publisher confirms
    lease.py      which of a site's pollers polls: a single-active-consumer queue
    site.py       ``netmon daemon --site``: the daemon, polling only while it holds the lease
    ingest.py     ``netmon ingest``: consume, absorb through the Session, ack after the write
    health.py     heartbeats, ``netmon sites`` figures, the ``netmon_site`` points

Nothing here is imported unless ``broker:`` is configured: a single machine runs as before.
"""
