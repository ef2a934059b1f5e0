#!/usr/bin/env bash
# A throwaway S3-compatible server on a loopback port that checks SigV4 signatures: moto_server
# from PyPI (installed by scripts/install-deps.sh into the virtualenv scripts/s3-venv.sh names).
#
#   scripts/s3-local.sh start DIR [PORT] [BUCKET…]   start (PORT 0 or absent: a free port); prints "PORT PID"
#   scripts/s3-local.sh stop DIR                     stop the server started in DIR (by PID)
#
# The first three requests are free (INITIAL_NO_AUTH_ACTION_COUNT): they make an IAM user, its
# access key and a policy allowing everything. Every later request must be signed with that key,
# which is written to DIR/credentials (AWS shared-credentials format, profile "default") and
# DIR/env (AWS_* variables to source). Each BUCKET is created; a name ending in "-locked" gets
# object lock (and so versioning). Nothing persists: delete DIR to throw everything away.
set -euo pipefail

cmd=${1:?usage: $0 start|stop DIR [PORT] [BUCKET…]}
dir=${2:?usage: $0 start|stop DIR [PORT] [BUCKET…]}

. "$(dirname "$0")/local-server.sh"
venv=$("$(dirname "$0")/s3-venv.sh")

case "$cmd" in
start)
  [ -x "$venv/bin/python" ] || { echo "$venv: no S3 test tools; run scripts/install-deps.sh" >&2; exit 2; }
  port=${3:-0}
  [ "$port" = 0 ] && port=$(free_port)
  shift 3 2>/dev/null || shift $#
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  INITIAL_NO_AUTH_ACTION_COUNT=3 "$venv/bin/python" -m moto.server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 &
  pid=$!
  echo "$pid" > "$dir/moto.pid"
  echo "$port" > "$dir/moto.port"
  # Every HTTP request counts against the free budget: wait for the port with a TCP connect.
  for _ in $(seq 1 150); do
    if python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1',$port)))"; then break; fi
    kill -0 "$pid" 2>/dev/null || { echo "moto exited; log:" >&2; tail -20 "$dir/moto.log" >&2; exit 1; }
    sleep 0.1
  done
  "$venv/bin/python" - "$port" "$dir" "$@" <<'PY'
import json, sys, boto3
port, folder, buckets = sys.argv[1], sys.argv[2], sys.argv[3:]
url = f"http://127.0.0.1:{port}"
iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1", aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="influxdump")
key = iam.create_access_key(UserName="influxdump")["AccessKey"]
iam.put_user_policy(UserName="influxdump", PolicyName="all",
                    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
kid, secret = key["AccessKeyId"], key["SecretAccessKey"]
s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id=kid, aws_secret_access_key=secret)
for b in buckets:
    s3.create_bucket(Bucket=b, ObjectLockEnabledForBucket=b.endswith("-locked"))
with open(f"{folder}/credentials", "w") as f:
    f.write(f"[default]\naws_access_key_id = {kid}\naws_secret_access_key = {secret}\n")
with open(f"{folder}/env", "w") as f:
    f.write(f"AWS_ACCESS_KEY_ID={kid}\nAWS_SECRET_ACCESS_KEY={secret}\nAWS_REGION=us-east-1\nAWS_ENDPOINT_URL={url}\n")
PY
  chmod 600 "$dir/credentials" "$dir/env"
  echo "$port $pid"
  ;;
stop)
  stop_pidfile "$dir/moto.pid"
  ;;
*) echo "usage: $0 start|stop DIR [PORT] [BUCKET…]" >&2; exit 2 ;;
esac
