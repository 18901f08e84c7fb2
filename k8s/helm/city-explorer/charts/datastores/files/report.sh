#!/bin/bash
# mongodb-restore-verify, step 3 (aws-cli image): pushes the metrics (if a Pushgateway is configured) and
# ends the Job with the drill's outcome, so a failed drill is a failed Job (alerted on like any other).
set -uo pipefail
cat /work/metrics.prom
if [ -n "${PUSHGATEWAY_URL:-}" ]; then
  if command -v curl >/dev/null; then
    curl -fsS --max-time 30 --data-binary @/work/metrics.prom \
      "${PUSHGATEWAY_URL%/}/metrics/job/mongodb-restore-verify" || echo "WARNING: push to ${PUSHGATEWAY_URL} failed"
  else
    echo "WARNING: no curl in this image; metrics not pushed"
  fi
fi
exit "$(cat /work/status 2>/dev/null || echo 1)"
