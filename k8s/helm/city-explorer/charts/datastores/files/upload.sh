#!/bin/bash
# mongodb-backup, step 2 (aws-cli image): uploads the dump and checks what arrived. Retention (35 days) is
# the bucket's lifecycle rule, not this Job's: a Job that deletes backups is one bug away from deleting all.
set -euo pipefail
name="$(cat /backup/name)"
file="/backup/${name}.archive.gz"
key="${BACKUP_PREFIX}/${name}.archive.gz"
aws s3 cp "$file" "s3://${BACKUP_BUCKET}/${key}" --no-progress --only-show-errors --sse "$BACKUP_SSE"
local_size="$(stat -c %s "$file")"
remote_size="$(aws s3api head-object --bucket "$BACKUP_BUCKET" --key "$key" --query ContentLength --output text)"
if [ "$local_size" != "$remote_size" ]; then
  echo "upload of ${key} incomplete: ${remote_size} of ${local_size} bytes" >&2
  exit 1
fi
echo "uploaded s3://${BACKUP_BUCKET}/${key} (${remote_size} bytes)"
