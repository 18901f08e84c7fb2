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
  origin_fqdn          = "origin.${var.api_domain_name}"
  regional_origin_fqdn = "${var.region}.${local.origin_fqdn}"
}

# ---------------------------------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------------------------------

module "network" {
  source = "../../modules/network"

  name                     = local.name
  cidr_block               = var.vpc_cidr
  az_count                 = 3
  single_nat_gateway       = true
  flow_logs_retention_days = 30
  tags                     = local.tags
}

# ---------------------------------------------------------------------------------------------------------------------
# The load balancer's certificate (this region): the API name and the origin names CloudFront connects to.
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_acm_certificate" "alb" {
  domain_name               = var.api_domain_name
  subject_alternative_names = [local.origin_fqdn, local.regional_origin_fqdn]
  validation_method         = "DNS"

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "alb_certificate_validation" {
  for_each = { for option in aws_acm_certificate.alb.domain_validation_options : option.domain_name => option }

  zone_id         = var.route53_zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "alb" {
  certificate_arn         = aws_acm_certificate.alb.arn
  validation_record_fqdns = [for record in aws_route53_record.alb_certificate_validation : record.fqdn]
}

# ---------------------------------------------------------------------------------------------------------------------
# Data stores: ElastiCache, MSK, MongoDB Atlas, the backup bucket
# ---------------------------------------------------------------------------------------------------------------------

module "redis" {
  source = "../../modules/redis"

  name_prefix                 = local.name
  vpc_id                      = module.network.vpc_id
  subnet_ids                  = module.network.data_subnet_ids
  allowed_security_group_ids  = [module.network.node_security_group_id]
  node_type                   = var.redis_node_type
  replicas_per_node_group     = 1
  snapshot_retention_limit    = 1
  apply_immediately           = true
  secret_recovery_window_days = 0
  tags                        = local.tags
}

module "kafka" {
  source = "../../modules/kafka"

  name_prefix                 = local.name
  vpc_id                      = module.network.vpc_id
  subnet_ids                  = module.network.data_subnet_ids
  allowed_security_group_ids  = [module.network.node_security_group_id]
  broker_instance_type        = var.kafka_broker_instance_type
  broker_volume_size          = 50
  storage_autoscaling_max_gib = 200
  enhanced_monitoring         = "DEFAULT"
  secret_recovery_window_days = 0
  tags                        = local.tags
}

module "mongodb" {
  source = "../../modules/mongodb"

  name_prefix                    = local.name
  atlas_org_id                   = var.atlas_org_id
  instance_size                  = var.atlas_instance_size
  max_instance_size              = "M30"
  termination_protection_enabled = false
  pit_restore_window_days        = 1
  vpc_id                         = module.network.vpc_id
  subnet_ids                     = module.network.data_subnet_ids
  allowed_security_group_ids     = [module.network.node_security_group_id]
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
# EKS, the application nodes and the load balancer
# ---------------------------------------------------------------------------------------------------------------------

module "eks" {
  source = "../../modules/eks"

  name                         = local.name
  kubernetes_version           = var.kubernetes_version
  vpc_id                       = module.network.vpc_id
  private_subnet_ids           = module.network.private_subnet_ids
  public_subnet_ids            = module.network.public_subnet_ids
  node_security_group_id       = module.network.node_security_group_id
  alb_security_group_id        = module.network.alb_security_group_id
  public_access_cidrs          = var.admin_cidrs
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

  acm_certificate_arn        = aws_acm_certificate_validation.alb.certificate_arn
  origin_verify_header_name  = module.edge.origin_verify_header_name
  origin_verify_header_value = module.edge.origin_verify_value
  alb_deletion_protection    = false
  force_destroy_buckets      = true
  access_logs_retention_days = 14

  app_namespace         = local.namespace
  backup_bucket_arn     = module.backups.bucket_arn
  backup_kms_key_arn    = module.backups.kms_key_arn
  secrets_name_prefixes = ["${local.name}/", "AmazonMSK_${local.name}_"]
  secrets_kms_key_arns  = compact([module.redis.kms_key_arn, module.kafka.kms_key_arn, module.mongodb.kms_key_arn])

  tags = local.tags
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
    dns_name = module.eks.alb_dns_name
    zone_id  = module.eks.alb_zone_id
  }
  log_retention_days = 14
  tags               = local.tags
}
