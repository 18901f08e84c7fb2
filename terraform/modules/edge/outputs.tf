output "distribution_id" {
  description = "CloudFront distribution id (for invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "CloudFront distribution ARN."
  value       = aws_cloudfront_distribution.this.arn
}

output "distribution_domain_name" {
  description = "The distribution's *.cloudfront.net name."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "api_fqdn" {
  description = "Public API name (alias to CloudFront)."
  value       = var.domain_name
}

output "origin_fqdn" {
  description = "Name CloudFront uses to reach the origin (failover or latency records)."
  value       = local.origin_fqdn
}

output "regional_origin_fqdns" {
  description = "Per-region origin names (alias to each region's ALB), keyed by region; the ALBs' certificate must cover them."
  value       = { for key, region in local.regions : region.name => region.fqdn }
}

output "health_check_ids" {
  description = "Calculated Route 53 health check per region (gateway plus the listed services), keyed by region."
  value       = { for key, check in aws_route53_health_check.region : local.regions[key].name => check.id }
}

output "origin_verify_header_name" {
  description = "Header the ALB should require (value in origin_verify_secret_arn)."
  value       = var.origin_verify_header_name
}

output "origin_verify_secret_arn" {
  description = "Secrets Manager secret holding the origin-verify header value (for the ALB listener rule)."
  value       = aws_secretsmanager_secret.origin_verify.arn
}

output "origin_verify_value" {
  description = "The origin-verify header value, for the ALB listener rule (modules/eks) in the same apply."
  value       = random_password.origin_verify.result
  sensitive   = true
}

output "web_acl_arn" {
  description = "WAF web ACL attached to the distribution (null if none)."
  value       = local.web_acl_arn
}

output "certificate_arn" {
  description = "ACM certificate (us-east-1) of the distribution."
  value       = local.certificate_arn
}

output "logs_bucket_name" {
  description = "Bucket receiving CloudFront access logs."
  value       = module.logs_bucket.id
}
