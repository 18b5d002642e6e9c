"""Where points go: InfluxDB (v2 write API or the v1 /write endpoint), through an on-disk spool."""
