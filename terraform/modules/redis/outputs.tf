output "replication_group_id" {
  description = "ElastiCache replication group id."
  value       = aws_elasticache_replication_group.this.id
}

output "arn" {
  description = "ElastiCache replication group ARN."
  value       = aws_elasticache_replication_group.this.arn
}

output "endpoint" {
  description = "Address the services connect to: the configuration endpoint with cluster mode, the primary endpoint without."
  value       = local.endpoint
}

output "primary_endpoint_address" {
  description = "Primary endpoint (cluster mode disabled only; null otherwise)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint_address" {
  description = "Reader endpoint over the replicas (cluster mode disabled only; null otherwise)."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "configuration_endpoint_address" {
  description = "Configuration endpoint (cluster mode enabled only; null otherwise)."
  value       = aws_elasticache_replication_group.this.configuration_endpoint_address
}

output "port" {
  description = "Redis port."
  value       = local.port
}

output "security_group_id" {
  description = "Security group of the cache nodes."
  value       = aws_security_group.redis.id
}

output "auth_token_secret_arn" {
  description = "Secrets Manager secret holding the AUTH token (JSON: password, host, port, ssl)."
  value       = aws_secretsmanager_secret.auth.arn
}

output "kms_key_arn" {
  description = "KMS key encrypting the cache at rest and the secret."
  value       = local.kms_key_arn
}

output "spring_properties" {
  description = "Non-secret Spring Boot settings for every workload (the password comes from auth_token_secret_arn)."
  value       = local.spring_properties
}
