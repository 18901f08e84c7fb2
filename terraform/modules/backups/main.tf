# Backups outside the databases' own: the S3 bucket the chart's mongodb-backup CronJob writes hourly
# dumps to (docs/data-stores.md, "Backups"), replicated to the DR region, and an AWS Backup plan for the
# block and file storage that carries state (tag Backup = true: EBS volumes, the click journal's EFS).
# MSK and ElastiCache need none (docs/data-stores.md: Kafka's events are transient, Redis is rebuildable);
# Atlas backs itself up (modules/mongodb).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

data "aws_region" "dr" {
  provider = aws.dr
}

locals {
  name       = "${var.name_prefix}-backups"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  bucket_name         = var.bucket_name != null ? var.bucket_name : "${var.name_prefix}-mongodb-dumps-${local.account_id}-${data.aws_region.current.name}"
  replica_bucket_name = var.bucket_name != null ? "${var.bucket_name}-replica" : "${var.name_prefix}-mongodb-dumps-${local.account_id}-${data.aws_region.dr.name}"
  buckets             = { dumps = local.bucket_name, replica = local.replica_bucket_name }

  kms_key_arn    = try(aws_kms_key.primary[0].arn, var.kms_key_arn)
  dr_kms_key_arn = try(aws_kms_key.dr[0].arn, var.dr_kms_key_arn)
}

# ---- KMS keys ----

resource "aws_kms_key" "primary" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "${local.name}: MongoDB dumps and the AWS Backup vault"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "primary" {
  count = var.kms_key_arn == null ? 1 : 0

  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.primary[0].key_id
}

resource "aws_kms_key" "dr" {
  provider = aws.dr
  count    = var.replication_enabled && var.dr_kms_key_arn == null ? 1 : 0

  description             = "${local.name}: replicated MongoDB dumps and the DR copy vault"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "dr" {
  provider = aws.dr
  count    = var.replication_enabled && var.dr_kms_key_arn == null ? 1 : 0

  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.dr[0].key_id
}

# ---- The dump bucket (primary region) and its replica (DR region) ----

# Governance-mode Object Lock: nobody deletes or shortens a dump's retention without s3:BypassGovernanceRetention,
# which neither the backup job nor the drill has. A stolen job credential cannot erase the history.
locals {
  object_lock = var.object_lock_enabled ? { mode = "GOVERNANCE", days = var.retention_days } : null

  dump_lifecycle_rules = [
    {
      id                                     = "mongodb-dumps"
      prefix                                 = var.prefix
      transition_days                        = var.glacier_ir_transition_days
      transition_storage_class               = "GLACIER_IR"
      expiration_days                        = var.retention_days
      noncurrent_version_expiration_days     = var.noncurrent_retention_days
      abort_incomplete_multipart_upload_days = 1
    },
    {
      id                           = "expired-delete-markers"
      prefix                       = var.prefix
      expired_object_delete_marker = true
    },
  ]
}

module "dumps_bucket" {
  source = "../s3-bucket"

  name             = local.bucket_name
  kms_key_arn      = local.kms_key_arn
  object_lock      = local.object_lock
  lifecycle_rules  = local.dump_lifecycle_rules
  policy_documents = [data.aws_iam_policy_document.kms_only["dumps"].json]
  force_destroy    = var.force_destroy
  tags             = merge(var.tags, { Name = local.bucket_name })
}

module "replica_bucket" {
  source = "../s3-bucket"
  count  = var.replication_enabled ? 1 : 0

  providers = {
    aws = aws.dr
  }

  name             = local.replica_bucket_name
  kms_key_arn      = local.dr_kms_key_arn
  object_lock      = local.object_lock
  lifecycle_rules  = local.dump_lifecycle_rules
  policy_documents = [data.aws_iam_policy_document.kms_only["replica"].json]
  force_destroy    = var.force_destroy
  tags             = merge(var.tags, { Name = local.replica_bucket_name })
}

# Objects are encrypted with the bucket's KMS key by default; a request asking for anything else
# (no encryption does not exist any more, SSE-S3 does) is refused. One document per bucket.
data "aws_iam_policy_document" "kms_only" {
  for_each = { for role, bucket in local.buckets : role => bucket if role == "dumps" || var.replication_enabled }

  statement {
    sid       = "DenyNonKmsEncryption"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["arn:${local.partition}:s3:::${each.value}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }
}

# ---- Cross-region replication ----

data "aws_iam_policy_document" "replication_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "replication" {
  count = var.replication_enabled ? 1 : 0

  name               = "${local.name}-s3-replication"
  description        = "S3 replication of the MongoDB dumps to the DR region"
  assume_role_policy = data.aws_iam_policy_document.replication_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "replication" {
  count = var.replication_enabled ? 1 : 0

  statement {
    sid       = "ReadSourceConfiguration"
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = [module.dumps_bucket.arn]
  }

  statement {
    sid = "ReadSourceObjects"
    actions = [
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
      "s3:GetObjectRetention",
      "s3:GetObjectLegalHold",
    ]
    resources = ["${module.dumps_bucket.arn}/*"]
  }

  statement {
    sid       = "WriteReplicas"
    actions   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"]
    resources = ["${module.replica_bucket[0].arn}/*"]
  }

  statement {
    sid       = "DecryptSource"
    actions   = ["kms:Decrypt"]
    resources = [local.kms_key_arn]
  }

  statement {
    sid       = "EncryptReplica"
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = [local.dr_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "replication" {
  count = var.replication_enabled ? 1 : 0

  name   = "replicate-mongodb-dumps"
  role   = aws_iam_role.replication[0].id
  policy = data.aws_iam_policy_document.replication[0].json
}

resource "aws_s3_bucket_replication_configuration" "dumps" {
  count = var.replication_enabled ? 1 : 0

  role   = aws_iam_role.replication[0].arn
  bucket = module.dumps_bucket.id

  rule {
    id     = "mongodb-dumps-to-dr"
    status = "Enabled"

    filter {
      prefix = var.prefix
    }

    # Deletions are not replicated: a delete in the primary region never removes the DR copy.
    delete_marker_replication {
      status = "Disabled"
    }

    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }

    destination {
      bucket        = module.replica_bucket[0].arn
      storage_class = "STANDARD"

      encryption_configuration {
        replica_kms_key_id = local.dr_kms_key_arn
      }
    }
  }

  depends_on = [module.dumps_bucket, module.replica_bucket, aws_iam_role_policy.replication]
}

# ---- Policies for the backup job and the restore drill (attached by the EKS module's IRSA roles) ----

data "aws_iam_policy_document" "writer" {
  statement {
    sid       = "PutDumps"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"]
    resources = ["${module.dumps_bucket.arn}/${var.prefix}*"]
  }

  statement {
    sid       = "ListDumps"
    actions   = ["s3:ListBucket"]
    resources = [module.dumps_bucket.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.prefix}*"]
    }
  }

  statement {
    sid       = "EncryptDumps"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [local.kms_key_arn]
  }
}

data "aws_iam_policy_document" "reader" {
  statement {
    sid       = "ReadDumps"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${module.dumps_bucket.arn}/${var.prefix}*"]
  }

  statement {
    sid       = "ListDumps"
    actions   = ["s3:ListBucket"]
    resources = [module.dumps_bucket.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.prefix}*"]
    }
  }

  statement {
    sid       = "DecryptDumps"
    actions   = ["kms:Decrypt"]
    resources = [local.kms_key_arn]
  }
}

# ---- AWS Backup: volumes and file systems tagged Backup = true ----

resource "aws_backup_vault" "primary" {
  count = var.aws_backup_enabled ? 1 : 0

  name        = local.name
  kms_key_arn = local.kms_key_arn
  tags        = var.tags
}

# Governance lock: recovery points cannot be deleted early, nor kept beyond a year, except by whoever may
# remove the lock itself.
resource "aws_backup_vault_lock_configuration" "primary" {
  count = var.aws_backup_enabled ? 1 : 0

  backup_vault_name  = aws_backup_vault.primary[0].name
  min_retention_days = 7
  max_retention_days = 365
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr
  count    = var.aws_backup_enabled && var.replication_enabled ? 1 : 0

  name        = "${local.name}-dr"
  kms_key_arn = local.dr_kms_key_arn
  tags        = var.tags
}

locals {
  backup_rules = {
    daily = {
      schedule          = var.backup_schedule_daily
      completion_window = 360
      retention_days    = var.backup_daily_retention_days
    }
    weekly = {
      schedule          = var.backup_schedule_weekly
      completion_window = 720
      retention_days    = var.backup_weekly_retention_days
    }
  }
}

resource "aws_backup_plan" "this" {
  count = var.aws_backup_enabled ? 1 : 0

  name = local.name

  # Daily and weekly recovery points, each copied to the DR vault with the same retention.
  dynamic "rule" {
    for_each = local.backup_rules
    content {
      rule_name           = rule.key
      target_vault_name   = aws_backup_vault.primary[0].name
      schedule            = rule.value.schedule
      start_window        = 60
      completion_window   = rule.value.completion_window
      recovery_point_tags = var.tags

      lifecycle {
        delete_after = rule.value.retention_days
      }

      dynamic "copy_action" {
        for_each = var.replication_enabled ? [aws_backup_vault.dr[0].arn] : []
        content {
          destination_vault_arn = copy_action.value

          lifecycle {
            delete_after = rule.value.retention_days
          }
        }
      }
    }
  }

  tags = var.tags
}

data "aws_iam_policy_document" "backup_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "backup" {
  count = var.aws_backup_enabled ? 1 : 0

  name               = "${local.name}-aws-backup"
  description        = "AWS Backup: back up and restore the resources tagged ${var.backup_selection_tag.key} = ${var.backup_selection_tag.value}"
  assume_role_policy = data.aws_iam_policy_document.backup_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "backup" {
  for_each = var.aws_backup_enabled ? toset(["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"]) : toset([])

  role       = aws_iam_role.backup[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/${each.key}"
}

resource "aws_backup_selection" "tagged" {
  count = var.aws_backup_enabled ? 1 : 0

  name         = "${local.name}-tagged"
  plan_id      = aws_backup_plan.this[0].id
  iam_role_arn = aws_iam_role.backup[0].arn

  selection_tag {
    type  = "STRINGEQUALS"
    key   = var.backup_selection_tag.key
    value = var.backup_selection_tag.value
  }
}
