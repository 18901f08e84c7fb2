variable "name_prefix" {
  description = "Prefix for every name this module creates, e.g. \"city-explorer-prod\"."
  type        = string
}

variable "tags" {
  description = "Tags added to every taggable resource (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}

variable "bucket_name" {
  description = "Name of the dump bucket. Null: <name_prefix>-mongodb-dumps-<account id>-<region> (the replica: the same with the DR region)."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key (primary region) for the bucket and the backup vault. Null: the module creates one."
  type        = string
  default     = null
}

variable "dr_kms_key_arn" {
  description = "KMS key in the DR region for the replica bucket and the copy vault. Null: the module creates one (when replication_enabled)."
  type        = string
  default     = null
}

variable "replication_enabled" {
  description = "Replicate the dump bucket to a bucket in the DR region and copy AWS Backup recovery points to a vault there."
  type        = bool
  default     = false
}

variable "prefix" {
  description = "Key prefix the chart's mongodb-backup CronJob writes under (s3://<bucket>/mongodb/<time>.archive.gz)."
  type        = string
  default     = "mongodb/"
}

variable "retention_days" {
  description = "Days a dump is kept (expiry of the current version, and the Object Lock retention). The restore drill's 35 days."
  type        = number
  default     = 35
}

variable "glacier_ir_transition_days" {
  description = "Days after which a dump moves to Glacier Instant Retrieval (still restorable in milliseconds; note its 90-day minimum storage charge, see README)."
  type        = number
  default     = 7
}

variable "noncurrent_retention_days" {
  description = "Days a replaced or deleted (noncurrent) version is kept before it expires (Object Lock still holds it until its retention ends)."
  type        = number
  default     = 7
}

variable "object_lock_enabled" {
  description = "Object Lock in GOVERNANCE mode for retention_days on every new dump. Can only be switched on when the bucket is created."
  type        = bool
  default     = true
}

variable "force_destroy" {
  description = "Let terraform destroy delete a non-empty bucket (dev only; locked versions still cannot be deleted before their retention ends)."
  type        = bool
  default     = false
}

variable "aws_backup_enabled" {
  description = "Create the AWS Backup vault, plan and tag-based selection."
  type        = bool
  default     = true
}

variable "backup_daily_retention_days" {
  description = "Retention of the daily AWS Backup recovery points (and of their DR copies)."
  type        = number
  default     = 35
}

variable "backup_weekly_retention_days" {
  description = "Retention of the weekly AWS Backup recovery points (and of their DR copies)."
  type        = number
  default     = 90
}

variable "backup_schedule_daily" {
  description = "Cron expression (UTC) of the daily backup."
  type        = string
  default     = "cron(0 3 * * ? *)"
}

variable "backup_schedule_weekly" {
  description = "Cron expression (UTC) of the weekly backup."
  type        = string
  default     = "cron(0 4 ? * SUN *)"
}

variable "backup_selection_tag" {
  description = "Resources carrying this tag key with this value are backed up by the plan (EBS volumes, EFS file systems such as the click journal)."
  type = object({
    key   = string
    value = string
  })
  default = {
    key   = "Backup"
    value = "true"
  }
}
