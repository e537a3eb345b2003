#!/bin/sh
# The default account from the environment, reachable from other containers.
set -eu
cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 5672
loopback_users = none
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
CONF
exec "$@"
