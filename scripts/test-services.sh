#!/usr/bin/env bash
# Install and start what the test suite needs on a fresh Debian machine (root, as here and in CI):
# Chromium for the browser tests, and a PostgreSQL cluster with a role and database for Panorama.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
updated=""
apt_install() {
  [ -n "$updated" ] || { as_root apt-get update -qq; updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || missing+=(libharfbuzz-subset0)
# WeasyPrint (the reports' PDFs) lays text out with Pango, and needs a font.
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || missing+=(libpango-1.0-0)
dpkg -s libpangoft2-1.0-0 >/dev/null 2>&1 || missing+=(libpangoft2-1.0-0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  apt_install "${missing[@]}"
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  as_root pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do
  as_root su postgres -c "pg_isready -q" && break
  sleep 1
done

as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='panorama'\"" | grep -q 1 \
  || as_root su postgres -c "psql -qc \"CREATE ROLE panorama LOGIN CREATEDB PASSWORD 'panorama'\""
db="${PANORAMA_PG_DB:-panorama}"
as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1 \
  || as_root su postgres -c "createdb -O panorama $db"
echo "Test services ready: Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), PostgreSQL $version."
