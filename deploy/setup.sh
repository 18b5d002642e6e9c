#!/usr/bin/env bash
# netmon's two commands, on a fresh Debian 12 machine, as root:
#   bash deploy/setup.sh demo   set everything up, start the lab (a simulated city network on
#                               snmpsim + a local InfluxDB), and run the monitor's main job on it
#   bash deploy/setup.sh test   set everything up and run the whole test suite (ruff, mypy, pytest)
# Tests and the lab talk only to 127.0.0.0/8.
set -euo pipefail
mode=${1:-test}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv=${NETMON_VENV:-$root/.venv}

say() { printf '\n== %s\n' "$*"; }

install_debian() {
    local need=()
    # extra packages as arguments: the tests' rabbitmq-server (the broker tests of multi-site
    # deployments start their own private one; the demo needs no broker)
    for pkg in snmpd snmp influxdb iptables iproute2 python3-venv chromium fonts-dejavu-core \
        poppler-utils "$@"; do
        # "deinstall ok config-files" (removed, not purged) is not installed
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            need+=("$pkg")
    done
    if ((${#need[@]})); then
        say "apt-get install ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # The packages' own services are not used: tests and the lab start their own servers.
        local made_policy=
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
            made_policy=1
        fi
        apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
        if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
    fi
}

install_python() {
    if [ ! -x "$venv/bin/python" ]; then
        say "python venv in $venv"
        python3 -m venv "$venv"
    fi
    say "pip install -e .[test]"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"
}

case "$mode" in
test)
    install_debian rabbitmq-server
    install_python
    export PATH="$venv/bin:$PATH" SNMPSIM_ALLOW_ROOT=true
    say "ruff"
    ruff check .
    say "mypy"
    bash deploy/typecheck.sh
    say "pytest"
    set +e
    pytest -q -p no:cacheprovider "$@"
    rc=$?
    set -e
    [ "$rc" -eq 5 ] && { echo "pytest collected no test"; exit 1; }
    exit "$rc"
    ;;
demo)
    install_debian
    install_python
    export PATH="$venv/bin:$PATH" SNMPSIM_ALLOW_ROOT=true
    # The sample's SNMP profiles take the community from the environment (a secret is
    # never written in the inventory); the lab's devices each answer to their own id.
    export NETMON_COMMUNITY=${NETMON_COMMUNITY:-public}
    lab=${NETMON_LAB_DIR:-/tmp/netmon-lab}
    influx_port=${NETMON_LAB_INFLUX_PORT:-18086}
    # One router silenced (iptables DROP), one department's portal answering 500 and the
    # data centre's mail certificate 12 days from expiry: the report has shortfalls and
    # incidents to show.
    say "lab: simulated Hanoi network (snmpsim), its portals, mail and DNS, InfluxDB, in $lab"
    netmon --inventory examples/hanoi lab up --dir "$lab" --influx-port "$influx_port" \
        --down hoan-kiem.hang-ma-rtr --http-error so-tc --cert-days mail-submission=12
    # The lab's certificates are signed by its own CA: netmon trusts it through OpenSSL's
    # SSL_CERT_FILE (the system's CAs plus the lab's), so the inventory names no lab path.
    export NETMON_CONFIG="$lab/netmon.yaml" SSL_CERT_FILE="$lab/lab-ca-bundle.pem"
    say "netmon scan district \"Hoàn Kiếm\""
    netmon scan district "Hoàn Kiếm"
    say "netmon daemon --once: every device, then the indicators (computers, portals, data centre)"
    if ! netmon daemon --once >"$lab/daemon-once.log" 2>&1; then
        tail -n 20 "$lab/daemon-once.log"
        exit 1
    fi
    grep -E "poll: |data centre: " "$lab/daemon-once.log" || true
    say "netmon coverage"
    netmon coverage
    month=$(date -u +%Y-%m)
    say "netmon report --month $month"
    netmon report --month "$month" --out "$lab"
    say "done. The lab keeps running:"
    echo "  export NETMON_CONFIG=$lab/netmon.yaml SSL_CERT_FILE=$lab/lab-ca-bundle.pem \\"
    echo "         NETMON_COMMUNITY=$NETMON_COMMUNITY PATH=$venv/bin:\$PATH"
    echo "  netmon daemon                 # polls it on a schedule (Ctrl-C stops)"
    echo "  netmon device history hoan-kiem.hang-ma-rtr"
    echo "  netmon indicators             # computers, portals, data centre, incidents"
    echo "  netmon lab down --dir $lab    # stops the simulators, services and InfluxDB"
    ;;
*)
    echo "usage: bash deploy/setup.sh test|demo [pytest args]" >&2
    exit 2
    ;;
esac
