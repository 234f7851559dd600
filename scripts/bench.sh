#!/usr/bin/env bash
# Benchmarks the portal against the raw commands it replaces, side by side in one run (issue 7):
#   submit     POST /api/jobs/ on the production jar until the SLURM id returns  vs  ssh … sbatch <script>
#   poll       one poll cycle with 1000 held SLURM jobs (time, remote commands)   vs  ssh … squeue -j <ids>
#   dashboard  the dashboard grid's first page with 100,000 jobs in SQLite
#   heap       the jar's used heap after a full GC, 100,000 jobs, 20 browser sessions on the dashboard
#   poll-clusters  one poll cycle over 10 cluster entries x 1000 held jobs  vs  the slowest single cluster's cycle
#   dashboard-1m, dashboard-1m-postgres  the dashboard grid's first page with 1,000,000 jobs in SQLite / PostgreSQL
#   push       a status change stored by the poller until 20 browser sessions on the dashboard show it (p95)
# Raw baselines use OpenSSH with a new connection each time, as users do today. Ratios are portal/baseline,
# medians of several repetitions after a warm-up, portal and baseline alternating.
#
# Usage: scripts/bench.sh [--only submit,poll,dashboard,heap,poll-clusters,dashboard-1m,dashboard-1m-postgres,push]
#                         [--warmup N] [--reps N] [--sessions N]
# Needs root on Debian/Ubuntu the first time (the dev cluster and Chromium are installed from packages).
# Prints progress on stderr, then the table and one key=value line per metric on stdout. Exit code 0 when
# every target holds, 1 when one is missed, 2 when a benchmark could not run. Work files: target/bench/.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    if [ -x "$candidate/bin/javac" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
export MAVEN_ARGS="${MAVEN_ARGS:--B -ntp -q}"
say() { echo "bench: $*" >&2; }

# The dev cluster (started if needed) and headless Chromium + chromedriver.
bash scripts/test-env.sh >&2

# The dev PostgreSQL (started if needed) when a PostgreSQL benchmark is chosen (all are, without --only).
want_postgres=1
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = --only ]; then
    case ",${args[$((i + 1))]:-}," in *,dashboard-1m-postgres,*) ;; *) want_postgres=0 ;; esac
  fi
done
if (( want_postgres )); then
  bash scripts/dev-postgres.sh up >&2
fi

# The production jar, rebuilt when anything it is made of is newer.
jar="target/mission-control-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ] || [ -n "$(find src/main config frontend pom.xml -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  say "building the production jar"
  ./mvnw -Pproduction package -DskipTests >&2
fi

# The benchmark code (src/bench/java, Maven profile 'bench') and its classpath.
say "compiling the benchmarks"
./mvnw -Pbench -DskipTests -Dtest-env.skip test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2

exec "$java" --enable-native-access=ALL-UNNAMED -Xmx2g \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.missioncontrol.bench.Benchmarks \
  --clusters-file "$repo/data/dev-cluster/clusters.yaml" --jar "$repo/$jar" --work "$repo/target/bench" \
  --postgres-env "$repo/data/dev-postgres/postgres.env" "$@"
