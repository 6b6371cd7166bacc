#!/usr/bin/env bash
# A throwaway Dovecot IMAP server for the mail tests (Debian's
# dovecot-imapd), entirely inside one temporary folder: its own
# configuration, base_dir, log and maildir, listening on a free port of
# 127.0.0.1, running as the current user (root in CI), with one
# passwd-file user and plaintext login. The system's /etc/dovecot and its
# service are never read or touched.
#
#   tests/mail/dovecot.sh start DIR USER PASSWORD   prints "PORT N" once it listens
#   tests/mail/dovecot.sh stop DIR
#
# Messages are delivered by writing them into DIR/mail/USER/new/.
set -euo pipefail

cmd=${1:?start or stop}
dir=${2:?the folder}
DOVECOT=${DOVECOT:-/usr/sbin/dovecot}

case "$cmd" in
start)
  user=${3:?the user}
  password=${4:?the password}
  mkdir -p "$dir/run" "$dir/state" "$dir/mail/$user"/{cur,new,tmp}
  me=$(id -un)
  group=$(id -gn)
  login=$me
  internal=$me
  if [ "$(id -u)" -eq 0 ]; then
    # Dovecot's login and internal processes refuse to run as root: as
    # root they run as the package's unprivileged users, which must reach
    # the sockets in base_dir
    login=dovenull
    internal=dovecot
    id dovenull >/dev/null 2>&1 || login=nobody
    id dovecot >/dev/null 2>&1 || internal=nobody
    group=$(id -gn "$internal")
    chmod 0755 "$dir" "$dir/run" "$dir/mail"
  fi
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # the mail is the current user's, but as root the package's user's
  # (Dovecot accesses no mail as root)
  mail_uid=$(id -u)
  mail_gid=$(id -g)
  if [ "$mail_uid" -eq 0 ]; then
    mail_uid=$(id -u "$internal")
    mail_gid=$(id -g "$internal")
    chown -R "$mail_uid:$mail_gid" "$dir/mail"
  fi
  printf '%s:{PLAIN}%s:%s:%s::%s\n' "$user" "$password" "$mail_uid" "$mail_gid" \
    "$dir/mail/$user" >"$dir/users"
  # as root, Dovecot's own users must reach DIR: a parent folder closed to
  # others would make every login fail with a bare "Login denied"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u "$internal" -- test -r "$dir/users"; then
    echo "dovecot.sh: Dovecot's user '$internal' cannot read $dir/users: make" \
      "the folders above $dir searchable by others (chmod o+x)" >&2
    exit 1
  fi
  cat >"$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = $internal
default_internal_group = $group
default_login_user = $login
mail_location = maildir:$dir/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/users
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    user = $me
  }
  unix_listener stats-writer {
    user = $me
  }
}
CONF
  # the daemon must not keep the caller's output open
  "$DOVECOT" -c "$dir/dovecot.conf" </dev/null >/dev/null 2>&1
  for _ in $(seq 100); do
    # ready once it greets
    if /usr/bin/python3 -c "import socket,sys; s = socket.create_connection(('127.0.0.1', $port), 1); s.settimeout(1); sys.exit(0 if s.recv(100).startswith(b'* OK') else 1)" 2>/dev/null; then
      echo "PORT $port"
      exit 0
    fi
    sleep 0.1
  done
  echo "dovecot did not start:" >&2
  cat "$dir/dovecot.log" >&2 || true
  exit 1
  ;;
stop)
  [ -f "$dir/dovecot.conf" ] || exit 0
  "$DOVECOT" -c "$dir/dovecot.conf" stop 2>/dev/null || true
  # wait for the master to be gone (its pid file goes with it)
  for _ in $(seq 50); do
    [ -f "$dir/run/master.pid" ] || exit 0
    sleep 0.1
  done
  ;;
*)
  echo "usage: $0 start DIR USER PASSWORD | stop DIR" >&2
  exit 2
  ;;
esac
