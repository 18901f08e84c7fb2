output "region" {
  description = "Primary AWS region."
  value       = var.region
}

output "dr_region" {
  description = "DR AWS region."
  value       = var.dr_region
}

output "api_url" {
  description = "Public URL of the API (CloudFront)."
  value       = "https://${var.api_domain_name}"
}

output "kubeconfig_commands" {
  description = "Write the kubeconfig entries of both clusters."
  value = {
    primary = module.primary.kubeconfig_command
    dr      = module.dr.kubeconfig_command
  }
}

output "cluster_names" {
  description = "EKS cluster names (cluster-autoscaler's autoDiscovery.clusterName) by region role."
  value = {
    primary = module.primary.cluster_name
    dr      = module.dr.cluster_name
  }
}

output "app_namespace" {
  description = "Namespace the chart is installed into (both clusters)."
  value       = local.namespace
}

output "vpc_cidr_blocks" {
  description = "VPC ranges: ingress-nginx's proxy-real-ip-cidr in each cluster."
  value = {
    primary = module.primary.vpc_cidr_block
    dr      = module.dr.vpc_cidr_block
  }
}

output "alb_dns_names" {
  description = "DNS names of the two load balancers."
  value = {
    primary = module.primary.alb_dns_name
    dr      = module.dr.alb_dns_name
  }
}

output "ingress_node_port" {
  description = "NodePort ingress-nginx must use for HTTPS (controller.service.nodePorts.https)."
  value       = 30443
}

output "node_termination_queue_urls" {
  description = "SQS queues of Node Termination Handler (queueURL) by region role."
  value = {
    primary = module.primary.node_termination_queue_url
    dr      = module.dr.node_termination_queue_url
  }
}

output "irsa_role_arns" {
  description = "IRSA roles per add-on and job, by region role: the eks.amazonaws.com/role-arn ServiceAccount annotations."
  value = {
    primary = module.primary.irsa_role_arns
    dr      = module.dr.irsa_role_arns
  }
}

output "backup_buckets" {
  description = "MongoDB dump bucket and its DR replica."
  value = {
    primary = module.backups.bucket_name
    dr      = module.backups.dr_bucket_name
  }
}

output "redis_spring_properties" {
  description = "Spring Boot settings for ElastiCache by region role; the passwords are in redis_auth_secret_arns."
  value = {
    primary = module.primary.redis_spring_properties
    dr      = module.dr.redis_spring_properties
  }
}

output "redis_auth_secret_arns" {
  description = "Secrets Manager secrets with the Redis AUTH tokens (-> Kubernetes Secret redis, key password)."
  value = {
    primary = module.primary.redis_auth_secret_arn
    dr      = module.dr.redis_auth_secret_arn
  }
}

output "kafka_spring_properties" {
  description = "Spring Boot settings for MSK (SASL/SCRAM over TLS) by region role; credentials in kafka_scram_secret_arns."
  value = {
    primary = module.primary.kafka_spring_properties
    dr      = module.dr.kafka_spring_properties
  }
}

output "kafka_scram_secret_arns" {
  description = "Secrets Manager secret per service with its SCRAM username and password, by region role."
  value = {
    primary = module.primary.kafka_scram_secret_arns
    dr      = module.dr.kafka_scram_secret_arns
  }
}

output "mongodb_user_secret_arns" {
  description = "Secrets Manager secret per service (username, password, uri) -> Kubernetes Secret mongodb-<service>; replicated into the DR region under the same name."
  value       = module.mongodb.database_user_secret_arns
}

output "mongodb_private_connection_strings" {
  description = "mongodb+srv:// addresses through each region's PrivateLink endpoint (without credentials)."
  value = {
    primary = module.mongodb.connection_string_private_srv
    dr      = module.dr.mongodb_private_connection_string
  }
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution id (invalidations)."
  value       = module.edge.distribution_id
}

output "health_check_ids" {
  description = "Route 53 health checks deciding the failover, by region."
  value       = module.edge.health_check_ids
}

output "data_subnet_cidrs" {
  description = "Ranges of the data subnets by region role: the chart's networkPolicy.extraEgress."
  value = {
    primary = module.primary.data_subnet_cidrs
    dr      = module.dr.data_subnet_cidrs
  }
}

output "efs_file_system_ids" {
  description = "File systems of the StorageClass rwx by region role."
  value = {
    primary = module.primary.efs_file_system_id
    dr      = module.dr.efs_file_system_id
  }
}

output "target_group_arns" {
  description = "Target groups of the ingress NodePort by region role (aws elbv2 describe-target-health)."
  value = {
    primary = module.primary.target_group_arn
    dr      = module.dr.target_group_arn
  }
}
