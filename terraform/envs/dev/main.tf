# Development: one region, every production building block at a small size, and everything destroyable
# (no deletion protection, no Object Lock, secrets deleted at once).

locals {
  name        = "city-explorer-dev"
  environment = "dev"
  namespace   = "city-explorer-dev" # the Argo CD Application's namespace (k8s/argocd/applicationset.yaml)

  # Repeated on resources that default_tags does not reach (Auto Scaling group tags, and through them the nodes).
  tags = {
    Project     = "city-explorer"
    Environment = local.environment
    ManagedBy   = "terraform"
    Owner       = var.owner
    CostCenter  = var.cost_center
  }

  # Names CloudFront and the health checks use to reach the load balancer (the edge module's convention).
  origin_fqdn = "origin.${var.api_domain_name}"
}

# ---------------------------------------------------------------------------------------------------------------------
# The region: network, the load balancer's certificate, ElastiCache, MSK, EKS with its nodes and load balancer
# ---------------------------------------------------------------------------------------------------------------------

module "region" {
  source = "../../modules/region"

  providers = {
    aws          = aws
    mongodbatlas = mongodbatlas
    random       = random
    tls          = tls
  }

  name                     = local.name
  vpc_cidr                 = var.vpc_cidr
  single_nat_gateway       = true
  flow_logs_retention_days = 30

  api_domain_name    = var.api_domain_name
  origin_domain_name = local.origin_fqdn
  route53_zone_id    = var.route53_zone_id

  redis_node_type                   = var.redis_node_type
  redis_replicas_per_node_group     = 1
  redis_snapshot_retention_limit    = 1
  redis_apply_immediately           = true
  kafka_broker_instance_type        = var.kafka_broker_instance_type
  kafka_broker_volume_size          = 50
  kafka_storage_autoscaling_max_gib = 200
  kafka_enhanced_monitoring         = "DEFAULT"
  secret_recovery_window_days       = 0

  kubernetes_version           = var.kubernetes_version
  admin_cidrs                  = var.admin_cidrs
  cluster_admin_principal_arns = var.cluster_admin_principal_arns
  log_retention_days           = 30

  node_instance_type            = var.node_instance_type
  node_min_size                 = var.node_min_size
  node_max_size                 = var.node_max_size
  node_desired_capacity         = var.node_desired_capacity
  suspend_unhealthy_replacement = var.suspend_unhealthy_replacement
  predictive_scaling_mode       = "ForecastOnly"
  warm_pool_min_size            = 0
  system_node_instance_type     = "t3.large"
  system_node_min_size          = 1
  system_node_desired_size      = 2

  origin_verify_header_name  = module.edge.origin_verify_header_name
  origin_verify_header_value = module.edge.origin_verify_value
  alb_deletion_protection    = false
  force_destroy_buckets      = true
  access_logs_retention_days = 14

  app_namespace              = local.namespace
  backup_bucket_arn          = module.backups.bucket_arn
  backup_kms_key_arn         = module.backups.kms_key_arn
  secrets_name_prefixes      = ["${local.name}/", "AmazonMSK_${local.name}_"]
  extra_secrets_kms_key_arns = [module.mongodb.kms_key_arn]

  tags = local.tags
}

# ---------------------------------------------------------------------------------------------------------------------
# MongoDB Atlas (the cluster and this region's PrivateLink endpoint) and the backup bucket
# ---------------------------------------------------------------------------------------------------------------------

module "mongodb" {
  source = "../../modules/mongodb"

  name_prefix                    = local.name
  atlas_org_id                   = var.atlas_org_id
  instance_size                  = var.atlas_instance_size
  max_instance_size              = "M30"
  termination_protection_enabled = false
  pit_restore_window_days        = 1
  vpc_id                         = module.region.vpc_id
  subnet_ids                     = module.region.data_subnet_ids
  allowed_security_group_ids     = [module.region.node_security_group_id]
  secret_recovery_window_days    = 0
  tags                           = local.tags
}

module "backups" {
  source = "../../modules/backups"

  # No DR region in dev: the primary provider stands in for aws.dr (nothing is created with it).
  providers = {
    aws    = aws
    aws.dr = aws
  }

  name_prefix         = local.name
  replication_enabled = false
  object_lock_enabled = false
  force_destroy       = true
  tags                = local.tags
}

# ---------------------------------------------------------------------------------------------------------------------
# Edge: CloudFront (with WAF) in front of the load balancer, the API's DNS records and health check
# ---------------------------------------------------------------------------------------------------------------------

module "edge" {
  source = "../../modules/edge"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name_prefix        = local.name
  zone_id            = var.route53_zone_id
  domain_name        = var.api_domain_name
  origin_domain_name = local.origin_fqdn
  primary_region     = var.region
  primary_alb = {
    dns_name = module.region.alb_dns_name
    zone_id  = module.region.alb_zone_id
  }
  log_retention_days = 14
  tags               = local.tags
}
