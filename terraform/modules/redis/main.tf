# ElastiCache for Redis OSS: sessions, rate-limit buckets and the shared cache tier of every workload
# (docs/data-stores.md, "Redis"). Replaces the chart's primary + replica StatefulSets in AWS, adding what
# they lack: automatic failover across zones.

locals {
  name   = "${var.name_prefix}-redis"
  port   = 6379
  family = "redis${split(".", var.engine_version)[0]}"

  kms_key_arn = try(aws_kms_key.redis[0].arn, var.kms_key_arn)

  # Cluster mode off: one shard, a primary and replicas_per_node_group replicas spread over the zones.
  num_cache_clusters = 1 + var.replicas_per_node_group
  azs                = data.aws_subnet.selected[*].availability_zone
  preferred_azs      = [for i in range(local.num_cache_clusters) : local.azs[i % length(local.azs)]]

  endpoint = var.cluster_mode_enabled ? aws_elasticache_replication_group.this.configuration_endpoint_address : aws_elasticache_replication_group.this.primary_endpoint_address

  # What the services need (Spring Boot, Lettuce). TLS is required (transit encryption); the JVM's default
  # trust store knows ElastiCache's certificates. The password is SPRING_DATA_REDIS_PASSWORD from the secret.
  spring_properties = var.cluster_mode_enabled ? {
    "spring.data.redis.cluster.nodes" = "${local.endpoint}:${local.port}"
    "spring.data.redis.ssl.enabled"   = "true"
    } : {
    "spring.data.redis.host"        = local.endpoint
    "spring.data.redis.port"        = tostring(local.port)
    "spring.data.redis.ssl.enabled" = "true"
  }

  auth_secret = {
    password = random_password.auth.result
    host     = local.endpoint
    port     = local.port
    ssl      = true
    cluster  = var.cluster_mode_enabled
  }
}

data "aws_subnet" "selected" {
  count = length(var.subnet_ids)
  id    = var.subnet_ids[count.index]
}

# ---- Encryption key (unless one is given) ----

resource "aws_kms_key" "redis" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "${local.name}: ElastiCache encryption at rest, snapshots and the AUTH token secret"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "redis" {
  count = var.kms_key_arn == null ? 1 : 0

  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.redis[0].key_id
}

# ---- Network ----

resource "aws_elasticache_subnet_group" "this" {
  name        = local.name
  description = "Data subnets of ${local.name}"
  subnet_ids  = var.subnet_ids
  tags        = var.tags
}

resource "aws_security_group" "redis" {
  name_prefix = "${local.name}-"
  description = "ElastiCache ${local.name}: Redis (TLS) only from the allowed security groups"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = local.name })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_allowed" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from the workloads"
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  referenced_security_group_id = var.allowed_security_group_ids[count.index]
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "self" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Replication between the cache nodes"
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  referenced_security_group_id = aws_security_group.redis.id
  tags                         = var.tags
}

# ---- Parameters ----

resource "aws_elasticache_parameter_group" "this" {
  name        = "${local.name}-${local.family}-${var.cluster_mode_enabled ? "cluster" : "single"}"
  family      = local.family
  description = "${local.name}: cluster-enabled ${var.cluster_mode_enabled ? "yes" : "no"}, ${var.maxmemory_policy}"

  parameter {
    name  = "cluster-enabled"
    value = var.cluster_mode_enabled ? "yes" : "no"
  }

  # As the chart: a full Redis refuses writes instead of silently evicting sessions or rate-limit buckets.
  parameter {
    name  = "maxmemory-policy"
    value = var.maxmemory_policy
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# ---- AUTH token: generated here, kept in Secrets Manager, never output in plain ----

resource "random_password" "auth" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "auth" {
  name                    = "${var.name_prefix}/redis/auth"
  description             = "AUTH token of ElastiCache ${local.name} (JSON: password, host, port, ssl)"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags

  dynamic "replica" {
    for_each = toset(var.secret_replica_regions)
    content {
      region = replica.value
    }
  }
}

resource "aws_secretsmanager_secret_version" "auth" {
  secret_id     = aws_secretsmanager_secret.auth.id
  secret_string = jsonencode(local.auth_secret)
}

# ---- Logs ----

resource "aws_cloudwatch_log_group" "slow" {
  name              = "/aws/elasticache/${local.name}/slow-log"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "engine" {
  name              = "/aws/elasticache/${local.name}/engine-log"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# ---- The replication group ----

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = local.name
  description          = "City Explorer sessions, rate limits and shared caches (${var.name_prefix})"

  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = local.port
  parameter_group_name = aws_elasticache_parameter_group.this.name
  subnet_group_name    = aws_elasticache_subnet_group.this.name
  security_group_ids   = [aws_security_group.redis.id]

  # Cluster mode on: num_node_groups shards of 1 + replicas_per_node_group nodes. Off: one shard, its
  # nodes placed in the subnets' zones in turn (primary in the first).
  num_node_groups             = var.cluster_mode_enabled ? var.num_node_groups : null
  replicas_per_node_group     = var.cluster_mode_enabled ? var.replicas_per_node_group : null
  num_cache_clusters          = var.cluster_mode_enabled ? null : local.num_cache_clusters
  preferred_cache_cluster_azs = var.cluster_mode_enabled ? null : local.preferred_azs

  automatic_failover_enabled = true
  multi_az_enabled           = true

  at_rest_encryption_enabled = true
  kms_key_id                 = local.kms_key_arn
  transit_encryption_enabled = true
  auth_token                 = random_password.auth.result
  auth_token_update_strategy = "ROTATE"

  auto_minor_version_upgrade = true
  maintenance_window         = var.maintenance_window
  snapshot_window            = var.snapshot_window
  snapshot_retention_limit   = var.snapshot_retention_limit
  final_snapshot_identifier  = "${local.name}-final"
  apply_immediately          = var.apply_immediately

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.slow.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.engine.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "engine-log"
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.cluster_mode_enabled || var.num_node_groups == 1
      error_message = "num_node_groups > 1 needs cluster_mode_enabled = true."
    }
  }
}
