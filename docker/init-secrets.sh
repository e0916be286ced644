#!/usr/bin/env bash
# Makes what docker/compose.yaml reads and git must never hold: random secrets in docker/secrets/ (mode 0600) and
# docker/sidecar.json (docker/sidecar.template.json with the sha-256 of the generated tokens; the tokens themselves
# stay in their files). Files that exist are kept, so running it again changes nothing.
set -euo pipefail
cd "$(dirname "$0")"
umask 077
mkdir -p secrets

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
secret() { [ -s "secrets/$1" ] || random_hex "$2" > "secrets/$1"; }
users() { # users <file> <user> <password file> [<user> <password file>]...: Orthanc's RegisteredUsers as JSON
  local file="secrets/$1" json="" separator=""
  shift
  [ -s "$file" ] && return
  while [ $# -gt 0 ]; do json="$json$separator\"$1\": \"$(cat "secrets/$2")\""; separator=", "; shift 2; done
  printf '{%s}\n' "$json" > "$file"
}
sha256() { sha256sum "secrets/$1" | cut -d' ' -f1; }

secret project.key 32              # the project secret: 64 hex characters
secret source.password 18          # the sidecar's login on the source Orthanc
secret viewer.password 18          # the viewer host's login on the source Orthanc
secret central.password 18
secret federated-node.password 18
secret hook.token 32               # Orthanc's Lua trigger → the sidecar's webhook (role orthanc)
secret admin.token 32              # role admin
secret radiologist.token 32        # role radiologist: sign in to the viewer with it (POST /auth/session, docs/security.md)
secret postgres.password 18        # compose.postgres.yaml: the sidecar workers' login on PostgreSQL (read by uid 1000)
[ -s secrets/postgres-server.password ] || cp secrets/postgres.password secrets/postgres-server.password # read by the database (uid 999)
users source-users.json deid-share source.password viewer viewer.password
users central-users.json hosp01 central.password
users federated-node-users.json hosp01 federated-node.password

if [ ! -e sidecar.json ]; then
  sed -e "s/@HOOK_TOKEN_SHA256@/$(sha256 hook.token)/" \
      -e "s/@ADMIN_TOKEN_SHA256@/$(sha256 admin.token)/" \
      -e "s/@RADIOLOGIST_TOKEN_SHA256@/$(sha256 radiologist.token)/" sidecar.template.json > sidecar.json
  chmod 644 sidecar.json
fi
# compose.postgres.yaml: the same config with the state in PostgreSQL, shared by the sidecar's replicas.
if [ ! -e sidecar.postgres.json ]; then
  sed -e 's#"state": "/var/lib/deid-share/state.sqlite"#"state": { "url": "postgres://deid_share@postgres:5432/deid_share", "passwordFile": "/run/secrets/postgres-password" }#' \
    sidecar.json > sidecar.postgres.json
  chmod 644 sidecar.postgres.json
fi

# The sidecar and the viewer run as uid 1000 (the node image's user), Orthanc as root; compose mounts the files as
# they are, with their owner and mode.
for_node=(project.key source.password central.password federated-node.password viewer.password radiologist.token postgres.password)
if [ "$(id -u)" -eq 0 ]; then
  (cd secrets && chown 1000:1000 "${for_node[@]}" && chown 999:999 postgres-server.password)
elif [ "$(id -u)" -ne 1000 ]; then
  echo "init-secrets: run as root or as uid 1000, so that the sidecar and the viewer (uid 1000) can read: ${for_node[*]}" >&2
fi
echo "docker/secrets/, docker/sidecar.json and docker/sidecar.postgres.json are ready"
