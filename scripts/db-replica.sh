#!/usr/bin/env bash
# `npm run db:replica`: creates (once) and starts a real streaming replica of the local PostgreSQL on
# port 5433, with pg_basebackup and a physical replication slot. Idempotent: a replica that exists is
# only started; one that runs is left alone. Needs a local cluster we can administer (root or postgres).
set -euo pipefail

PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
REPLICA_DIR=${REPLICA_DIR:-/var/lib/postgresql/brisk-replica}
SLOT=brisk_replica

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
psql_primary() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -Atqc "$1"; }

if pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q; then
  echo "replica: running on :$REPLICA_PORT"
  exit 0
fi

version=$(psql_primary "SHOW server_version_num" | cut -c1-2)
bin=/usr/lib/postgresql/$version/bin

# pg_basebackup speaks the replication protocol, which "host all" lines in pg_hba.conf do not cover.
hba=$(psql_primary "SHOW hba_file")
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >> "$hba"
  psql_primary "SELECT pg_reload_conf()" > /dev/null
  echo "replica: allowed local replication connections in $hba"
fi

if [ ! -f "$REPLICA_DIR/standby.signal" ]; then
  rm -rf "$REPLICA_DIR"
  mkdir -p "$REPLICA_DIR" && chown postgres:postgres "$REPLICA_DIR" 2>/dev/null || true
  chmod 700 "$REPLICA_DIR"
  slot_exists=$(psql_primary "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$SLOT'")
  [ "$slot_exists" = 1 ] && psql_primary "SELECT pg_drop_replication_slot('$SLOT')" > /dev/null
  echo "replica: base backup of :$PRIMARY_PORT into $REPLICA_DIR"
  as_postgres "$bin/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DIR" \
    -R -X stream -C -S "$SLOT" --checkpoint=fast
  # Debian keeps the primary's configuration outside its data directory: the replica gets its own.
  cat > "$REPLICA_DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $REPLICA_PORT
unix_socket_directories = '/var/run/postgresql'
hot_standby = on
hot_standby_feedback = on
CONF
  cp "$hba" "$REPLICA_DIR/pg_hba.conf"
  chown postgres:postgres "$REPLICA_DIR/postgresql.conf" "$REPLICA_DIR/pg_hba.conf" 2>/dev/null || true
fi

as_postgres "$bin/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_DIR/replica.log" -w start > /dev/null
echo "replica: streaming from :$PRIMARY_PORT, serving reads on :$REPLICA_PORT"
