#!/usr/bin/env bash
# What the test suite needs besides Java: the dev SLURM cluster + sshd on 127.0.0.1, the dev PostgreSQL on
# 127.0.0.1 (the Spring tests run a second time on it) and, for the browser test, Debian's chromium +
# chromium-driver, and Debian's python3-aiosmtpd (a real SMTP server for the notification tests). Called by `./mvnw verify` before the tests; each step is idempotent and quick when done.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

bash "$repo/scripts/dev-cluster.sh" up
# installs Debian's postgresql when missing (as root); writes data/dev-postgres/postgres.env for the tests
bash "$repo/scripts/dev-postgres.sh" up

# real Hydra, the oracle the Hydra model's tests compare against, when it is beside the checkout: its Debian packages
for dir in "$repo/.." "$repo/../.."; do
  if [ -x "$dir/shared/reference/hydra/setup.sh" ]; then
    bash "$dir/shared/reference/hydra/setup.sh" >/dev/null && echo "test-env: the Hydra oracle is ready"
    break
  fi
done

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
# a real SMTP server for the notification tests (notify/): Debian's aiosmtpd, run by the tests on 127.0.0.1
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-env: the notification tests need aiosmtpd: sudo apt-get install python3-aiosmtpd" >&2
    exit 1
  fi
  echo "test-env: installing python3-aiosmtpd"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3-aiosmtpd >/dev/null
fi
echo "test-env: ready ($(chromium --version 2>/dev/null | head -n 1))"
