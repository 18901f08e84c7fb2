output "bucket_name" {
  description = "Name of the dump bucket (the chart's backup-storage bucket / mongodb.backup settings)."
  value       = module.dumps_bucket.id
}

output "bucket_arn" {
  description = "ARN of the dump bucket (for the backup job's IRSA role)."
  value       = module.dumps_bucket.arn
}

output "kms_key_arn" {
  description = "KMS key encrypting the dumps and the primary vault."
  value       = local.kms_key_arn
}

output "dr_bucket_name" {
  description = "Name of the replica bucket in the DR region (null without replication)."
  value       = var.replication_enabled ? module.replica_bucket[0].id : null
}

output "dr_bucket_arn" {
  description = "ARN of the replica bucket in the DR region (null without replication)."
  value       = var.replication_enabled ? module.replica_bucket[0].arn : null
}

output "writer_policy_json" {
  description = "IAM policy for the mongodb-backup CronJob's role: put dumps under the prefix, with the bucket's KMS key."
  value       = data.aws_iam_policy_document.writer.json
}

output "reader_policy_json" {
  description = "IAM policy for the mongodb-restore-verify CronJob's role: list and read dumps, decrypt."
  value       = data.aws_iam_policy_document.reader.json
}

output "backup_vault_arn" {
  description = "ARN of the AWS Backup vault in the primary region (null when aws_backup_enabled is false)."
  value       = var.aws_backup_enabled ? aws_backup_vault.primary[0].arn : null
}

output "dr_backup_vault_arn" {
  description = "ARN of the copy vault in the DR region (null without replication)."
  value       = var.aws_backup_enabled && var.replication_enabled ? aws_backup_vault.dr[0].arn : null
}

output "backup_plan_id" {
  description = "Id of the AWS Backup plan (null when aws_backup_enabled is false)."
  value       = var.aws_backup_enabled ? aws_backup_plan.this[0].id : null
}
