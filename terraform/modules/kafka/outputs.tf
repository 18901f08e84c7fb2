output "cluster_arn" {
  description = "MSK cluster ARN."
  value       = aws_msk_cluster.this.arn
}

output "cluster_name" {
  description = "MSK cluster name."
  value       = aws_msk_cluster.this.cluster_name
}

output "bootstrap_brokers_sasl_scram" {
  description = "host:port list for SASL/SCRAM over TLS (port 9096): what the services use."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_scram
}

output "bootstrap_brokers_sasl_iam" {
  description = "host:port list for IAM authentication over TLS (port 9098); empty when iam_auth_enabled is false."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_iam
}

output "security_group_id" {
  description = "Security group of the brokers."
  value       = aws_security_group.kafka.id
}

output "scram_secret_arns" {
  description = "Secrets Manager secret per SCRAM user (JSON: username, password), keyed by user."
  value       = { for user, secret in aws_secretsmanager_secret.scram : user => secret.arn }
}

output "kms_key_arn" {
  description = "KMS key encrypting the brokers' storage and the SCRAM secrets."
  value       = local.kms_key_arn
}

output "configuration_arn" {
  description = "ARN of the MSK configuration (server properties)."
  value       = aws_msk_configuration.this.arn
}

output "spring_properties" {
  description = "Non-secret Spring Boot settings for the services (username and password come from scram_secret_arns)."
  value       = local.spring_properties
}
