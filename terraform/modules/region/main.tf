# One region of the platform: network, the load balancer's certificate, ElastiCache, MSK, EKS with its nodes and
# load balancer, and (optionally) a PrivateLink endpoint into an existing Atlas cluster. The environments call it
# once per region (dev: one; prod: the primary and the DR standby) and keep what spans regions themselves: the Atlas
# cluster, the backups with their replication, CloudFront and Route 53 (edge).

data "aws_region" "current" {}

locals {
  # The edge module's convention: CloudFront and the health checks reach this region's load balancer as
  # <region>.origin.<api domain> (and origin.<api domain> for the failover record).
  regional_origin_fqdn = "${data.aws_region.current.name}.${var.origin_domain_name}"
}

module "network" {
  source = "../network"

  name                     = var.name
  cidr_block               = var.vpc_cidr
  az_count                 = 3
  single_nat_gateway       = var.single_nat_gateway
  interface_endpoints      = var.interface_endpoints
  flow_logs_retention_days = var.flow_logs_retention_days
  tags                     = var.tags
}

# ---- The load balancer's certificate: the API name and the origin names CloudFront connects to ----

resource "aws_acm_certificate" "alb" {
  domain_name               = var.api_domain_name
  subject_alternative_names = [var.origin_domain_name, local.regional_origin_fqdn]
  validation_method         = "DNS"

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# ACM may give two regions' certificates the same validation CNAME for the same name; allow_overwrite makes the
# second write an upsert of an identical record instead of a conflict.
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

# ---- Data stores of this region ----

module "redis" {
  source = "../redis"

  name_prefix                 = var.name
  vpc_id                      = module.network.vpc_id
  subnet_ids                  = module.network.data_subnet_ids
  allowed_security_group_ids  = [module.network.node_security_group_id]
  node_type                   = var.redis_node_type
  replicas_per_node_group     = var.redis_replicas_per_node_group
  snapshot_retention_limit    = var.redis_snapshot_retention_limit
  apply_immediately           = var.redis_apply_immediately
  secret_recovery_window_days = var.secret_recovery_window_days
  tags                        = var.tags
}

module "kafka" {
  source = "../kafka"

  name_prefix                 = var.name
  vpc_id                      = module.network.vpc_id
  subnet_ids                  = module.network.data_subnet_ids
  allowed_security_group_ids  = [module.network.node_security_group_id]
  broker_instance_type        = var.kafka_broker_instance_type
  number_of_broker_nodes      = var.kafka_number_of_broker_nodes
  broker_volume_size          = var.kafka_broker_volume_size
  storage_autoscaling_max_gib = var.kafka_storage_autoscaling_max_gib
  enhanced_monitoring         = var.kafka_enhanced_monitoring
  secret_recovery_window_days = var.secret_recovery_window_days
  tags                        = var.tags
}

# A region without the Atlas cluster (the DR standby) reaches the environment's one replica set through its own
# PrivateLink endpoint; the cluster's region gets its endpoint from the environment's mongodb module.
module "atlas_endpoint" {
  source = "../mongodb"
  count  = var.atlas_private_endpoint == null ? 0 : 1

  name_prefix                = var.name
  create_cluster             = false
  project_id                 = try(var.atlas_private_endpoint.project_id, null)
  cluster_name               = try(var.atlas_private_endpoint.cluster_name, null)
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.data_subnet_ids
  allowed_security_group_ids = [module.network.node_security_group_id]
  tags                       = var.tags
}

# ---- EKS, the application nodes and the load balancer ----

module "eks" {
  source = "../eks"

  name                         = var.name
  kubernetes_version           = var.kubernetes_version
  vpc_id                       = module.network.vpc_id
  private_subnet_ids           = module.network.private_subnet_ids
  public_subnet_ids            = module.network.public_subnet_ids
  node_security_group_id       = module.network.node_security_group_id
  alb_security_group_id        = module.network.alb_security_group_id
  public_access_cidrs          = var.admin_cidrs
  cluster_admin_principal_arns = var.cluster_admin_principal_arns
  log_retention_days           = var.log_retention_days

  node_instance_type            = var.node_instance_type
  node_min_size                 = var.node_min_size
  node_max_size                 = var.node_max_size
  node_desired_capacity         = var.node_desired_capacity
  suspend_unhealthy_replacement = var.suspend_unhealthy_replacement
  predictive_scaling_mode       = var.predictive_scaling_mode
  scheduled_actions             = var.scheduled_actions
  warm_pool_min_size            = var.warm_pool_min_size
  system_node_instance_type     = var.system_node_instance_type
  system_node_min_size          = var.system_node_min_size
  system_node_desired_size      = var.system_node_desired_size

  acm_certificate_arn        = aws_acm_certificate_validation.alb.certificate_arn
  origin_verify_header_name  = var.origin_verify_header_name
  origin_verify_header_value = var.origin_verify_header_value
  alb_deletion_protection    = var.alb_deletion_protection
  force_destroy_buckets      = var.force_destroy_buckets
  access_logs_retention_days = var.access_logs_retention_days

  app_namespace         = var.app_namespace
  backup_bucket_arn     = var.backup_bucket_arn
  backup_kms_key_arn    = var.backup_kms_key_arn
  secrets_name_prefixes = var.secrets_name_prefixes
  secrets_kms_key_arns  = compact(concat([module.redis.kms_key_arn, module.kafka.kms_key_arn], var.extra_secrets_kms_key_arns))

  tags = var.tags
}
