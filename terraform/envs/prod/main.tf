# Production: the primary region (var.region) serves; the DR region (var.dr_region) is a warm standby that can
# take all traffic. CloudFront and Route 53 (edge module) send requests to the primary region's load balancer and
# fail over to the standby's when the primary's health checks fail.
#
#                          primary (eu-west-1)                      DR (eu-central-1)
#   network                3 AZs, NAT per AZ                        3 AZs, NAT per AZ
#   EKS                    2..20 nodes (3 at start), warm pool 2    2..20 nodes (2), warm pool 4
#   MongoDB (Atlas)        one replica set: 2 electable here,       2 electable there (+1 in eu-west-2);
#                          PrivateLink endpoint                     PrivateLink endpoint
#   Redis (ElastiCache)    its own                                  its own (sessions are not replicated)
#   Kafka (MSK)            its own                                  its own (events are not replicated)
#   MongoDB dumps (S3)     bucket, AWS Backup vault                 replica bucket, copy vault

locals {
  name        = "city-explorer-prod"
  dr_name     = "city-explorer-prod-dr"
  environment = "prod"
  namespace   = "city-explorer-prod" # the Argo CD Application's namespace (k8s/argocd/applicationset.yaml)

  # Repeated on resources that default_tags does not reach (Auto Scaling group tags, and through them the nodes).
  tags = {
    Project     = "city-explorer"
    Environment = local.environment
    ManagedBy   = "terraform"
    Owner       = var.owner
    CostCenter  = var.cost_center
  }

  # Names CloudFront and the health checks use to reach the load balancers (the edge module's convention).
  origin_fqdn = "origin.${var.api_domain_name}"

  interface_endpoints = ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs"]

  # Secrets each region's external-secrets may read: the platform's own (MongoDB users are replicated into the
  # DR region under the primary's names) and MSK's SCRAM secrets, which MSK requires to start with AmazonMSK_.
  secrets_name_prefixes    = ["${local.name}/", "AmazonMSK_${local.name}_"]
  dr_secrets_name_prefixes = ["${local.name}/", "${local.dr_name}/", "AmazonMSK_${local.dr_name}_"]
}

# =====================================================================================================================
# Primary region
# =====================================================================================================================

module "primary" {
  source = "../../modules/region"

  providers = {
    aws          = aws
    mongodbatlas = mongodbatlas
    random       = random
    tls          = tls
  }

  name                = local.name
  vpc_cidr            = var.vpc_cidr
  interface_endpoints = local.interface_endpoints

  api_domain_name    = var.api_domain_name
  origin_domain_name = local.origin_fqdn
  route53_zone_id    = var.route53_zone_id

  redis_node_type               = var.redis_node_type
  redis_replicas_per_node_group = 2
  kafka_broker_instance_type    = var.kafka_broker_instance_type
  kafka_number_of_broker_nodes  = 3

  kubernetes_version           = var.kubernetes_version
  admin_cidrs                  = var.admin_cidrs
  cluster_admin_principal_arns = var.cluster_admin_principal_arns

  node_instance_type      = var.node_instance_type
  node_min_size           = var.node_min_size
  node_max_size           = var.node_max_size
  node_desired_capacity   = var.node_desired_capacity
  warm_pool_min_size      = var.warm_pool_min_size
  predictive_scaling_mode = var.predictive_scaling_mode
  scheduled_actions       = var.scheduled_actions

  origin_verify_header_name  = module.edge.origin_verify_header_name
  origin_verify_header_value = module.edge.origin_verify_value
  alb_deletion_protection    = true

  app_namespace              = local.namespace
  backup_bucket_arn          = module.backups.bucket_arn
  backup_kms_key_arn         = module.backups.kms_key_arn
  secrets_name_prefixes      = local.secrets_name_prefixes
  extra_secrets_kms_key_arns = [module.mongodb.kms_key_arn]

  tags = local.tags
}

# The one Atlas replica set, with members in both regions (and a tie-breaker in a third); this instance also
# creates the primary region's PrivateLink endpoint. The user secrets are replicated into the DR region.
module "mongodb" {
  source = "../../modules/mongodb"

  name_prefix                    = local.name
  atlas_org_id                   = var.atlas_org_id
  instance_size                  = var.atlas_instance_size
  max_instance_size              = var.atlas_max_instance_size
  cluster_regions                = var.atlas_cluster_regions
  private_endpoint_regional_mode = true
  backup_copy_region             = upper(replace(var.dr_region, "-", "_"))
  secret_replica_regions         = [var.dr_region]
  vpc_id                         = module.primary.vpc_id
  subnet_ids                     = module.primary.data_subnet_ids
  allowed_security_group_ids     = [module.primary.node_security_group_id]
  tags                           = local.tags
}

module "backups" {
  source = "../../modules/backups"

  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  name_prefix         = local.name
  replication_enabled = true
  object_lock_enabled = true
  tags                = local.tags
}

# =====================================================================================================================
# DR region: warm standby
# =====================================================================================================================

module "dr" {
  source = "../../modules/region"

  providers = {
    aws          = aws.dr
    mongodbatlas = mongodbatlas
    random       = random
    tls          = tls
  }

  name                = local.dr_name
  vpc_cidr            = var.dr_vpc_cidr
  interface_endpoints = local.interface_endpoints

  api_domain_name    = var.api_domain_name
  origin_domain_name = local.origin_fqdn
  route53_zone_id    = var.route53_zone_id

  redis_node_type               = var.dr_redis_node_type
  redis_replicas_per_node_group = 1
  kafka_broker_instance_type    = var.dr_kafka_broker_instance_type
  kafka_number_of_broker_nodes  = 3
  kafka_enhanced_monitoring     = "DEFAULT"

  # No second cluster: the DR region's PrivateLink endpoint into the same Atlas project and replica set. The
  # project id is handed over only once the primary's module has switched on regional private-endpoint mode.
  atlas_private_endpoint = {
    project_id   = module.mongodb.project_id
    cluster_name = module.mongodb.cluster_name
  }

  kubernetes_version           = var.kubernetes_version
  admin_cidrs                  = var.admin_cidrs
  cluster_admin_principal_arns = var.cluster_admin_principal_arns

  # Warm standby: small, but the same ceiling, and a large warm pool for the failover's first minutes. No
  # traffic to learn from, so predictive scaling only forecasts; no seasonal floors.
  node_instance_type      = var.node_instance_type
  node_min_size           = var.dr_node_min_size
  node_max_size           = var.dr_node_max_size
  node_desired_capacity   = var.dr_node_desired_capacity
  warm_pool_min_size      = var.dr_warm_pool_min_size
  predictive_scaling_mode = "ForecastOnly"

  origin_verify_header_name  = module.edge.origin_verify_header_name
  origin_verify_header_value = module.edge.origin_verify_value
  alb_deletion_protection    = true

  # The standby's backup role may use the replica of the dump bucket (only relevant with the in-cluster MongoDB;
  # Atlas backs itself up).
  app_namespace         = local.namespace
  backup_bucket_arn     = module.backups.dr_bucket_arn
  backup_kms_key_arn    = null
  secrets_name_prefixes = local.dr_secrets_name_prefixes

  tags = local.tags
}

# =====================================================================================================================
# Edge: CloudFront (with WAF) in front of both regions, Route 53 failover between them
# =====================================================================================================================

module "edge" {
  source = "../../modules/edge"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
    random        = random
  }

  name_prefix        = local.name
  zone_id            = var.route53_zone_id
  domain_name        = var.api_domain_name
  origin_domain_name = local.origin_fqdn
  primary_region     = var.region
  primary_alb = {
    dns_name = module.primary.alb_dns_name
    zone_id  = module.primary.alb_zone_id
  }
  dr_region = var.dr_region
  dr_alb = {
    dns_name = module.dr.alb_dns_name
    zone_id  = module.dr.alb_zone_id
  }
  tags = local.tags
}
