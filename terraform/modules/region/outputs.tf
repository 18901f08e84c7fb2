output "vpc_id" {
  description = "VPC of the region."
  value       = module.network.vpc_id
}

output "vpc_cidr_block" {
  description = "VPC range: ingress-nginx's proxy-real-ip-cidr."
  value       = module.network.vpc_cidr_block
}

output "data_subnet_ids" {
  description = "Data subnets (ElastiCache, MSK, Atlas endpoints)."
  value       = module.network.data_subnet_ids
}

output "data_subnet_cidrs" {
  description = "Ranges of the data subnets: the chart's networkPolicy.extraEgress."
  value       = module.network.data_subnet_cidrs
}

output "node_security_group_id" {
  description = "Security group of the application nodes."
  value       = module.network.node_security_group_id
}

output "cluster_name" {
  description = "EKS cluster name."
  value       = module.eks.cluster_name
}

output "kubeconfig_command" {
  description = "Writes the cluster's kubeconfig entry."
  value       = module.eks.kubeconfig_command
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = module.eks.alb_dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the load balancer (alias records)."
  value       = module.eks.alb_zone_id
}

output "target_group_arn" {
  description = "Target group of the ingress NodePort."
  value       = module.eks.target_group_arn
}

output "node_termination_queue_url" {
  description = "SQS queue of Node Termination Handler."
  value       = module.eks.node_termination_queue_url
}

output "irsa_role_arns" {
  description = "IRSA role per add-on and job."
  value       = module.eks.irsa_role_arns
}

output "efs_file_system_id" {
  description = "File system of the StorageClass rwx."
  value       = module.eks.efs_file_system_id
}

output "redis_spring_properties" {
  description = "Spring Boot settings for ElastiCache."
  value       = module.redis.spring_properties
}

output "redis_auth_secret_arn" {
  description = "Secrets Manager secret with the Redis AUTH token."
  value       = module.redis.auth_token_secret_arn
}

output "kafka_spring_properties" {
  description = "Spring Boot settings for MSK (SASL/SCRAM over TLS)."
  value       = module.kafka.spring_properties
}

output "kafka_scram_secret_arns" {
  description = "Secrets Manager secret per service with its SCRAM username and password."
  value       = module.kafka.scram_secret_arns
}

output "mongodb_private_connection_string" {
  description = "mongodb+srv:// address through this region's own Atlas endpoint (null without atlas_private_endpoint)."
  value       = try(module.atlas_endpoint[0].connection_string_private_srv, null)
}
