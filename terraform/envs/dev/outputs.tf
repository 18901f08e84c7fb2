output "region" {
  description = "AWS region of the environment."
  value       = var.region
}

output "api_url" {
  description = "Public URL of the API (CloudFront)."
  value       = "https://${var.api_domain_name}"
}

output "kubeconfig_command" {
  description = "Writes the cluster's kubeconfig entry."
  value       = module.region.kubeconfig_command
}

output "cluster_name" {
  description = "EKS cluster name (cluster-autoscaler's autoDiscovery.clusterName)."
  value       = module.region.cluster_name
}

output "app_namespace" {
  description = "Namespace the chart is installed into."
  value       = local.namespace
}

output "vpc_cidr_block" {
  description = "VPC range: ingress-nginx's proxy-real-ip-cidr (the load balancer's addresses are in it)."
  value       = module.region.vpc_cidr_block
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = module.region.alb_dns_name
}

output "ingress_node_port" {
  description = "NodePort ingress-nginx must use for HTTPS (controller.service.nodePorts.https)."
  value       = 30443
}

output "node_termination_queue_url" {
  description = "SQS queue of Node Termination Handler (queueURL)."
  value       = module.region.node_termination_queue_url
}

output "irsa_role_arns" {
  description = "IRSA role per add-on and job: the eks.amazonaws.com/role-arn ServiceAccount annotations."
  value       = module.region.irsa_role_arns
}

output "backup_bucket" {
  description = "Bucket of the MongoDB dumps (chart: backup-storage Secret's bucket), when the in-cluster MongoDB is used."
  value       = module.backups.bucket_name
}

output "redis_spring_properties" {
  description = "Spring Boot settings for ElastiCache (every workload that uses Redis); the password is in redis_auth_secret_arn."
  value       = module.region.redis_spring_properties
}

output "redis_auth_secret_arn" {
  description = "Secrets Manager secret with the Redis AUTH token (-> Kubernetes Secret redis, key password)."
  value       = module.region.redis_auth_secret_arn
}

output "kafka_spring_properties" {
  description = "Spring Boot settings for MSK (SASL/SCRAM over TLS); the credentials are in kafka_scram_secret_arns."
  value       = module.region.kafka_spring_properties
}

output "kafka_scram_secret_arns" {
  description = "Secrets Manager secret per service with its SCRAM username and password."
  value       = module.region.kafka_scram_secret_arns
}

output "mongodb_user_secret_arns" {
  description = "Secrets Manager secret per service (username, password, uri) -> Kubernetes Secret mongodb-<service>."
  value       = module.mongodb.database_user_secret_arns
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution id (invalidations)."
  value       = module.edge.distribution_id
}

output "data_subnet_cidrs" {
  description = "Ranges of the data subnets: the chart's networkPolicy.extraEgress (ElastiCache, MSK, the Atlas endpoint)."
  value       = module.region.data_subnet_cidrs
}

output "efs_file_system_id" {
  description = "File system of the StorageClass rwx (affiliate-service's click journal)."
  value       = module.region.efs_file_system_id
}

output "target_group_arn" {
  description = "Target group of the ingress NodePort (aws elbv2 describe-target-health)."
  value       = module.region.target_group_arn
}
