#!/usr/bin/env bash
# Idempotent set-up of everything the engine and its tests need on a Debian 12 machine:
#   - Debian packages: redis-server, sip-tester (SIPp), debootstrap, espeak-ng, sox, slapd, and the
#     compilers node-gyp needs for better-sqlite3 (python3, make, g++), chromium (browser tests)
#   - node_modules from package-lock.json
#   - Asterisk 22 in a Debian-unstable root (debootstrap), reused when present
#   - the Italian prompts rendered to 8 kHz WAV
# Quick when everything is already there; safe to re-run; stops with a clear message on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT_DIR="$(pwd)"
DATA_DIR="${CC_DATA_DIR:-$ROOT_DIR/.data}"
AST_ROOT="${CC_ASTERISK_ROOT:-$DATA_DIR/asterisk-root}"
MIRROR="${CC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Packages inside the Asterisk root: Asterisk itself, Italian and English core sounds, music on hold.
AST_PACKAGES="asterisk,asterisk-core-sounds-it-wav,asterisk-core-sounds-en-wav,asterisk-moh-opsound-wav"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# 1. Debian packages on the host.
need_pkgs=()
command -v redis-server >/dev/null || need_pkgs+=(redis-server)
command -v redis-cli >/dev/null || need_pkgs+=(redis-tools)
command -v sipp >/dev/null || need_pkgs+=(sip-tester)
command -v debootstrap >/dev/null || need_pkgs+=(debootstrap)
command -v espeak-ng >/dev/null || need_pkgs+=(espeak-ng)
command -v sox >/dev/null || need_pkgs+=(sox)
# better-sqlite3 (the embedded CRM) is compiled at npm ci: no prebuilt binary is downloaded here.
command -v python3 >/dev/null || need_pkgs+=(python3)
command -v make >/dev/null || need_pkgs+=(make)
command -v g++ >/dev/null || need_pkgs+=(g++)
# The desktop's browser tests drive Debian's Chromium with playwright-core.
command -v chromium >/dev/null || need_pkgs+=(chromium)
# The directory's LDAP sync is tested against Debian's OpenLDAP server (started by the test).
[ -x /usr/sbin/slapd ] || need_pkgs+=(slapd)
# /metrics is checked with Prometheus's own linter, promtool (in Debian's prometheus package).
command -v promtool >/dev/null || need_pkgs+=(prometheus)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_pkgs[*]}"
  as_root apt-get update -qq || die "apt-get update failed: check the network or the apt sources"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_pkgs[@]}" >/dev/null \
    || die "apt-get install ${need_pkgs[*]} failed"
  # Debian's prometheus package may start a server on 9090: the tests only need its promtool.
  if [[ " ${need_pkgs[*]} " == *" prometheus "* ]]; then
    as_root service prometheus stop >/dev/null 2>&1 || true
    as_root service prometheus-node-exporter stop >/dev/null 2>&1 || true
  fi
  # Debian's package may start its own redis-server on 6379; the project runs its own instance.
  if [[ " ${need_pkgs[*]} " == *" redis-server "* ]]; then
    as_root service redis-server stop >/dev/null 2>&1 || true
  fi
  # Likewise slapd on 389: the tests run their own on a port of their own.
  if [[ " ${need_pkgs[*]} " == *" slapd "* ]]; then
    as_root service slapd stop >/dev/null 2>&1 || true
  fi
fi

# 2. Node dependencies, only when package-lock.json changed since the last install.
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f node_modules/.cc-lock-sum ] || [ "$(cat node_modules/.cc-lock-sum)" != "$lock_sum" ]; then
  say "installing node modules (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
  node -e "new (require('better-sqlite3'))(':memory:').close()" \
    || die "better-sqlite3 (the embedded CRM's SQLite) did not build: it needs python3, make and g++; see npm's log above"
  echo "$lock_sum" > node_modules/.cc-lock-sum
fi

# 3. Asterisk 22 in a Debian-unstable root.
mkdir -p "$DATA_DIR"
if [ ! -f "$AST_ROOT/.cc-complete" ]; then
  if [ -d "$AST_ROOT" ]; then
    say "removing an incomplete Asterisk root at $AST_ROOT"
    # never follow a bind mount left behind by a crashed run
    for m in proc dev; do mountpoint -q "$AST_ROOT/$m" && as_root umount -l "$AST_ROOT/$m"; done
    as_root rm -rf --one-file-system "$AST_ROOT"
  fi
  say "building the Asterisk root with debootstrap (Debian unstable, about a minute)"
  if ! as_root debootstrap --variant=minbase --include="$AST_PACKAGES" sid "$AST_ROOT" "$MIRROR" \
      > "$DATA_DIR/debootstrap.log" 2>&1; then
    tail -n 20 "$DATA_DIR/debootstrap.log" >&2
    die "debootstrap of Debian unstable with Asterisk failed (full log: $DATA_DIR/debootstrap.log)"
  fi
  [ -x "$AST_ROOT/usr/sbin/asterisk" ] || die "debootstrap finished but $AST_ROOT/usr/sbin/asterisk is missing"
  touch "$AST_ROOT/.cc-complete"
fi
# A root made before music on hold was added gets it now.
if [ ! -d "$AST_ROOT/usr/share/asterisk/moh" ] || [ -z "$(ls -A "$AST_ROOT/usr/share/asterisk/moh" 2>/dev/null)" ]; then
  say "installing music on hold into the Asterisk root"
  cp /etc/resolv.conf "$AST_ROOT/etc/resolv.conf" 2>/dev/null || true
  as_root env -u LD_PRELOAD chroot "$AST_ROOT" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq asterisk-moh-opsound-wav' >/dev/null \
    || die "installing asterisk-moh-opsound-wav in the Asterisk root failed"
fi
# (env -u LD_PRELOAD: the moved-clock runs of the README preload libfaketime, which the root does not have.)
# Root in this sandbox cannot read other users' 0640 files: Asterisk runs as root, so its files belong to root.
for d in etc/asterisk var/lib/asterisk var/spool/asterisk var/log/asterisk usr/share/asterisk; do
  [ -d "$AST_ROOT/$d" ] && as_root chown -R root:root "$AST_ROOT/$d"
done
mkdir -p "$AST_ROOT/run/asterisk"
# Nothing maps language "it" to the Italian core sounds until it is linked.
[ -e "$AST_ROOT/usr/share/asterisk/sounds/it" ] || ln -s it_IT_m_Carlo "$AST_ROOT/usr/share/asterisk/sounds/it"
# The host name must resolve locally, or Asterisk blocks on DNS at start.
host="$(hostname)"
grep -q "[[:space:]]$host\$" "$AST_ROOT/etc/hosts" 2>/dev/null || printf '127.0.0.1\tlocalhost %s\n' "$host" > "$AST_ROOT/etc/hosts"
say "$(env -u LD_PRELOAD chroot "$AST_ROOT" /usr/sbin/asterisk -V) ready in $AST_ROOT"

# 4. Prompts: Italian texts from the flows and the system messages, rendered to 8 kHz WAV.
npx tsx scripts/render-prompts.ts

say "done"
