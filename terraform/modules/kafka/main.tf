# Amazon MSK: the platform's events, click journal shipments, job queues and dead letters
# (docs/data-stores.md, "Kafka"; docs/events.md). Same broker defaults as the chart's Strimzi cluster:
# replication 3 over three zones, min.insync.replicas 2, no automatic topic creation, 7 days' retention.


locals {
  name        = "${var.name_prefix}-kafka"
  kms_key_arn = try(aws_kms_key.kafka[0].arn, var.kms_key_arn)

  # Client ports: 9094 TLS, 9096 SASL/SCRAM (what the services use), 9098 IAM;
  # 11001/11002 the open-monitoring JMX and node exporters (Prometheus in the cluster scrapes them).
  client_ports = [9094, 9096, 9098, 11001, 11002]
  ingress = [
    for pair in setproduct(range(length(var.allowed_security_group_ids)), local.client_ports) : {
      sg_index = pair[0]
      port     = pair[1]
    }
  ]

  server_properties = {
    "auto.create.topics.enable"                = "false"
    "default.replication.factor"               = "3"
    "min.insync.replicas"                      = "2"
    "num.partitions"                           = tostring(var.default_partitions)
    "unclean.leader.election.enable"           = "false"
    "offsets.topic.replication.factor"         = "3"
    "transaction.state.log.replication.factor" = "3"
    "transaction.state.log.min.isr"            = "2"
    "log.retention.hours"                      = tostring(var.log_retention_hours)
    # Every authenticated client may use every topic until per-service ACLs exist (README, "Authorisation").
    "allow.everyone.if.no.acl.found" = "true"
  }

  # Secrets Manager content of each SCRAM user.
  scram_secrets = zipmap(var.scram_users, [for user in var.scram_users : {
    username = user
    password = random_password.scram[user].result
  }])

  spring_properties = {
    "spring.kafka.bootstrap-servers"          = aws_msk_cluster.this.bootstrap_brokers_sasl_scram
    "spring.kafka.security.protocol"          = "SASL_SSL"
    "spring.kafka.properties.sasl.mechanism"  = "SCRAM-SHA-512"
    "city-explorer.events.replication-factor" = "3"
    "city-explorer.jobs.replication-factor"   = "3"
  }
}

# ---- Encryption key (unless one is given): MSK refuses SCRAM secrets under aws/secretsmanager ----

resource "aws_kms_key" "kafka" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "${local.name}: MSK storage and the SCRAM secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "kafka" {
  count = var.kms_key_arn == null ? 1 : 0

  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.kafka[0].key_id
}

# ---- Network ----

resource "aws_security_group" "kafka" {
  name_prefix = "${local.name}-"
  description = "MSK ${local.name}: brokers reachable only from the allowed security groups"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = local.name })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_allowed" {
  count = length(local.ingress)

  security_group_id            = aws_security_group.kafka.id
  description                  = "Kafka port ${local.ingress[count.index].port} from the workloads"
  ip_protocol                  = "tcp"
  from_port                    = local.ingress[count.index].port
  to_port                      = local.ingress[count.index].port
  referenced_security_group_id = var.allowed_security_group_ids[local.ingress[count.index].sg_index]
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "self" {
  security_group_id            = aws_security_group.kafka.id
  description                  = "Traffic between the brokers"
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.kafka.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "self" {
  security_group_id            = aws_security_group.kafka.id
  description                  = "Traffic between the brokers"
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.kafka.id
  tags                         = var.tags
}

# ---- Broker configuration ----

resource "aws_msk_configuration" "this" {
  name              = "${local.name}-${replace(var.kafka_version, ".", "-")}"
  description       = "City Explorer broker defaults (replication 3, min in-sync 2, topics created by the services)"
  kafka_versions    = [var.kafka_version]
  server_properties = join("\n", [for key, value in local.server_properties : "${key}=${value}"])

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "broker" {
  name              = "/aws/msk/${local.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# ---- The cluster ----

resource "aws_msk_cluster" "this" {
  cluster_name           = local.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = var.number_of_broker_nodes
  enhanced_monitoring    = var.enhanced_monitoring

  broker_node_group_info {
    instance_type   = var.broker_instance_type
    client_subnets  = var.subnet_ids
    security_groups = [aws_security_group.kafka.id]

    storage_info {
      ebs_storage_info {
        volume_size = var.broker_volume_size
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  client_authentication {
    unauthenticated = false

    sasl {
      scram = true
      iam   = var.iam_auth_enabled
    }
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = local.kms_key_arn

    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  open_monitoring {
    prometheus {
      jmx_exporter {
        enabled_in_broker = true
      }
      node_exporter {
        enabled_in_broker = true
      }
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.broker.name
      }
    }
  }

  tags = var.tags

  lifecycle {
    # Storage autoscaling grows the volumes; Terraform must not shrink them back (it cannot anyway).
    ignore_changes = [broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size]

    precondition {
      condition     = var.number_of_broker_nodes % length(var.subnet_ids) == 0
      error_message = "number_of_broker_nodes must be a multiple of the number of subnets (one broker per zone)."
    }
  }
}

# ---- Storage autoscaling ----

resource "aws_appautoscaling_target" "storage" {
  service_namespace  = "kafka"
  scalable_dimension = "kafka:broker-storage:VolumeSize"
  resource_id        = aws_msk_cluster.this.arn
  min_capacity       = 1
  max_capacity       = var.storage_autoscaling_max_gib
}

resource "aws_appautoscaling_policy" "storage" {
  name               = "${local.name}-broker-storage"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.storage.service_namespace
  scalable_dimension = aws_appautoscaling_target.storage.scalable_dimension
  resource_id        = aws_appautoscaling_target.storage.resource_id

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "KafkaBrokerStorageUtilization"
    }
    target_value     = var.storage_autoscaling_target_percent
    disable_scale_in = true
  }
}

# ---- SASL/SCRAM users: one per service, passwords generated here, secrets named AmazonMSK_* ----

resource "random_password" "scram" {
  for_each = toset(var.scram_users)

  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "scram" {
  for_each = toset(var.scram_users)

  name                    = "AmazonMSK_${var.name_prefix}_${each.key}"
  description             = "SASL/SCRAM credentials of ${each.key} on MSK ${local.name}"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "scram" {
  for_each = toset(var.scram_users)

  secret_id     = aws_secretsmanager_secret.scram[each.key].id
  secret_string = jsonencode(local.scram_secrets[each.key])
}

data "aws_iam_policy_document" "scram_secret" {
  for_each = toset(var.scram_users)

  statement {
    sid       = "AWSKafkaResourcePolicy"
    effect    = "Allow"
    actions   = ["secretsmanager:getSecretValue"]
    resources = [aws_secretsmanager_secret.scram[each.key].arn]

    principals {
      type        = "Service"
      identifiers = ["kafka.amazonaws.com"]
    }
  }
}

resource "aws_secretsmanager_secret_policy" "scram" {
  for_each = toset(var.scram_users)

  secret_arn = aws_secretsmanager_secret.scram[each.key].arn
  policy     = data.aws_iam_policy_document.scram_secret[each.key].json
}

resource "aws_msk_scram_secret_association" "this" {
  cluster_arn     = aws_msk_cluster.this.arn
  secret_arn_list = [for user in var.scram_users : aws_secretsmanager_secret.scram[user].arn]

  depends_on = [aws_secretsmanager_secret_version.scram, aws_secretsmanager_secret_policy.scram]
}
