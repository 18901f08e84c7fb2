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
  origin_fqdn             = "origin.${var.api_domain_name}"
  regional_origin_fqdn    = "${var.region}.${local.origin_fqdn}"
  dr_regional_origin_fqdn = "${var.dr_region}.${local.origin_fqdn}"

  # Secrets each region's external-secrets may read: the platform's own (MongoDB users are replicated into the
  # DR region under the primary's names) and MSK's SCRAM secrets, which MSK requires to start with AmazonMSK_.
  secrets_name_prefixes    = ["${local.name}/", "AmazonMSK_${local.name}_"]
  dr_secrets_name_prefixes = ["${local.name}/", "${local.dr_name}/", "AmazonMSK_${local.dr_name}_"]
}

# =====================================================================================================================
# Primary region
# =====================================================================================================================

module "network" {
  source = "../../modules/network"

  name                = local.name
  cidr_block          = var.vpc_cidr
  az_count            = 3
  single_nat_gateway  = false
  interface_endpoints = ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs"]
  tags                = local.tags
}

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

module "redis" {
  source = "../../modules/redis"

  name_prefix                = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.data_subnet_ids
  allowed_security_group_ids = [module.network.node_security_group_id]
  node_type                  = var.redis_node_type
  replicas_per_node_group    = 2
  tags                       = local.tags
}

module "kafka" {
  source = "../../modules/kafka"

  name_prefix                = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.data_subnet_ids
  allowed_security_group_ids = [module.network.node_security_group_id]
  broker_instance_type       = var.kafka_broker_instance_type
  number_of_broker_nodes     = 3
  tags                       = local.tags
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
  vpc_id                         = module.network.vpc_id
  subnet_ids                     = module.network.data_subnet_ids
  allowed_security_group_ids     = [module.network.node_security_group_id]
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

  node_instance_type      = var.node_instance_type
  node_min_size           = var.node_min_size
  node_max_size           = var.node_max_size
  node_desired_capacity   = var.node_desired_capacity
  warm_pool_min_size      = var.warm_pool_min_size
  predictive_scaling_mode = var.predictive_scaling_mode
  scheduled_actions       = var.scheduled_actions

  acm_certificate_arn        = aws_acm_certificate_validation.alb.certificate_arn
  origin_verify_header_name  = module.edge.origin_verify_header_name
  origin_verify_header_value = module.edge.origin_verify_value
  alb_deletion_protection    = true

  app_namespace         = local.namespace
  backup_bucket_arn     = module.backups.bucket_arn
  backup_kms_key_arn    = module.backups.kms_key_arn
  secrets_name_prefixes = local.secrets_name_prefixes
  secrets_kms_key_arns  = compact([module.redis.kms_key_arn, module.kafka.kms_key_arn, module.mongodb.kms_key_arn])

  tags = local.tags
}

# =====================================================================================================================
# DR region: warm standby
# =====================================================================================================================

module "network_dr" {
  source = "../../modules/network"

  providers = {
    aws = aws.dr
  }

  name                = local.dr_name
  cidr_block          = var.dr_vpc_cidr
  az_count            = 3
  single_nat_gateway  = false
  interface_endpoints = ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs"]
  tags                = local.tags
}

resource "aws_acm_certificate" "alb_dr" {
  provider = aws.dr

  domain_name               = var.api_domain_name
  subject_alternative_names = [local.origin_fqdn, local.dr_regional_origin_fqdn]
  validation_method         = "DNS"

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

# ACM may give both certificates the same validation CNAME for the same name; allow_overwrite makes the second
# write an upsert of an identical record instead of a conflict.
resource "aws_route53_record" "alb_dr_certificate_validation" {
  for_each = { for option in aws_acm_certificate.alb_dr.domain_validation_options : option.domain_name => option }

  zone_id         = var.route53_zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "alb_dr" {
  provider = aws.dr

  certificate_arn         = aws_acm_certificate.alb_dr.arn
  validation_record_fqdns = [for record in aws_route53_record.alb_dr_certificate_validation : record.fqdn]
}

module "redis_dr" {
  source = "../../modules/redis"

  providers = {
    aws    = aws.dr
    random = random
  }

  name_prefix                = local.dr_name
  vpc_id                     = module.network_dr.vpc_id
  subnet_ids                 = module.network_dr.data_subnet_ids
  allowed_security_group_ids = [module.network_dr.node_security_group_id]
  node_type                  = var.dr_redis_node_type
  replicas_per_node_group    = 1
  tags                       = local.tags
}

module "kafka_dr" {
  source = "../../modules/kafka"

  providers = {
    aws    = aws.dr
    random = random
  }

  name_prefix                = local.dr_name
  vpc_id                     = module.network_dr.vpc_id
  subnet_ids                 = module.network_dr.data_subnet_ids
  allowed_security_group_ids = [module.network_dr.node_security_group_id]
  broker_instance_type       = var.dr_kafka_broker_instance_type
  number_of_broker_nodes     = 3
  enhanced_monitoring        = "DEFAULT"
  tags                       = local.tags
}

# No second cluster: the DR region's PrivateLink endpoint into the same Atlas project and replica set.
module "mongodb_dr" {
  source = "../../modules/mongodb"

  # Regional private-endpoint mode is switched on by the primary's module before this endpoint is created.
  depends_on = [module.mongodb]

  providers = {
    aws          = aws.dr
    mongodbatlas = mongodbatlas
    random       = random
  }

  name_prefix                = local.dr_name
  create_cluster             = false
  project_id                 = module.mongodb.project_id
  cluster_name               = module.mongodb.cluster_name
  vpc_id                     = module.network_dr.vpc_id
  subnet_ids                 = module.network_dr.data_subnet_ids
  allowed_security_group_ids = [module.network_dr.node_security_group_id]
  tags                       = local.tags
}

module "eks_dr" {
  source = "../../modules/eks"

  providers = {
    aws = aws.dr
  }

  name                         = local.dr_name
  kubernetes_version           = var.kubernetes_version
  vpc_id                       = module.network_dr.vpc_id
  private_subnet_ids           = module.network_dr.private_subnet_ids
  public_subnet_ids            = module.network_dr.public_subnet_ids
  node_security_group_id       = module.network_dr.node_security_group_id
  alb_security_group_id        = module.network_dr.alb_security_group_id
  public_access_cidrs          = var.admin_cidrs
  cluster_admin_principal_arns = var.cluster_admin_principal_arns

  # Warm standby: small, but the same ceiling, and a large warm pool for the failover's first minutes. No
  # traffic to learn from, so predictive scaling only forecasts; no seasonal floors.
  node_instance_type      = var.node_instance_type
  node_min_size           = var.dr_node_min_size
  node_max_size           = var.dr_node_max_size
  node_desired_capacity   = var.dr_node_desired_capacity
  warm_pool_min_size      = var.dr_warm_pool_min_size
  predictive_scaling_mode = "ForecastOnly"

  acm_certificate_arn        = aws_acm_certificate_validation.alb_dr.certificate_arn
  origin_verify_header_name  = module.edge.origin_verify_header_name
  origin_verify_header_value = module.edge.origin_verify_value
  alb_deletion_protection    = true

  # The standby's backup role may use the replica of the dump bucket (only relevant with the in-cluster MongoDB;
  # Atlas backs itself up).
  app_namespace         = local.namespace
  backup_bucket_arn     = module.backups.dr_bucket_arn
  backup_kms_key_arn    = null
  secrets_name_prefixes = local.dr_secrets_name_prefixes
  secrets_kms_key_arns  = compact([module.redis_dr.kms_key_arn, module.kafka_dr.kms_key_arn])

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
    dns_name = module.eks.alb_dns_name
    zone_id  = module.eks.alb_zone_id
  }
  dr_region = var.dr_region
  dr_alb = {
    dns_name = module.eks_dr.alb_dns_name
    zone_id  = module.eks_dr.alb_zone_id
  }
  tags = local.tags
}
