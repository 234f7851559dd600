#!/usr/bin/env bash
# What the test suite needs besides Java: the dev SLURM cluster + sshd on 127.0.0.1, the dev PostgreSQL and, for the
# browser test, Debian's chromium + chromium-driver. Called by `./mvnw verify` before the tests.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

bash "$repo/scripts/dev-cluster.sh" up
# MultiInstanceTest: two portal instances on one PostgreSQL
bash "$repo/scripts/dev-postgres.sh" up

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-env: the browser test needs chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2
    exit 1
  fi
  echo "test-env: installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
echo "test-env: ready ($(chromium --version 2>/dev/null | head -n 1))"
