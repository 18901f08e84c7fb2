#!/bin/bash
# mongodb-restore-verify, step 1 (aws-cli image): downloads the newest archive.
set -euo pipefail
date +%s > /work/started
key="$(aws s3api list-objects-v2 --bucket "$BACKUP_BUCKET" --prefix "${BACKUP_PREFIX}/" \
  --query 'sort_by(Contents || `[]`, &LastModified)[-1].Key' --output text)"
if [ -z "$key" ] || [ "$key" = "None" ] || [ "$key" = "null" ]; then
  echo "no archive under s3://${BACKUP_BUCKET}/${BACKUP_PREFIX}/" >&2
  exit 1
fi
aws s3 cp "s3://${BACKUP_BUCKET}/${key}" /work/latest.archive.gz --no-progress --only-show-errors
echo "$key" > /work/key
echo "fetched ${key} ($(stat -c %s /work/latest.archive.gz) bytes)"
