output "project_id" {
  description = "Atlas project id (pass it to the DR region's instance). Known to it only once regional private-endpoint mode is on, which a second region's endpoint needs first."
  value       = local.project_id

  depends_on = [mongodbatlas_private_endpoint_regional_mode.this]
}

output "cluster_name" {
  description = "Atlas cluster name (null for a PrivateLink-only instance)."
  value       = var.create_cluster ? mongodbatlas_advanced_cluster.this[0].name : null
}

output "connection_string_private_srv" {
  description = "mongodb+srv:// address through this region's PrivateLink endpoint, without credentials (null until the endpoint is connected)."
  value       = local.private_srv
}

output "database_user_secret_arns" {
  description = "Secrets Manager secret per service (JSON: username, password, uri with credentials and the service's database), keyed by service; the shape of the chart's mongodb-<service> Secret."
  value       = { for db, secret in aws_secretsmanager_secret.user : db => secret.arn }
}

output "backup_user_secret_arn" {
  description = "Secrets Manager secret of the backup user (JSON: username, password, uri), or null."
  value       = var.create_cluster && var.backup_user_enabled ? aws_secretsmanager_secret.backup[0].arn : null
}

output "kms_key_arn" {
  description = "KMS key of Atlas encryption at rest and the secrets (null for a PrivateLink-only instance)."
  value       = var.create_cluster ? local.kms_key_arn : null
}

output "vpc_endpoint_id" {
  description = "Id of the interface endpoint to Atlas in this region."
  value       = aws_vpc_endpoint.atlas.id
}

output "security_group_id" {
  description = "Security group of the interface endpoint."
  value       = aws_security_group.endpoint.id
}
