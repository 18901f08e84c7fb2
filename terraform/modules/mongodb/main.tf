# MongoDB Atlas on AWS: one replica set (M30+, three zones; in production also nodes in the DR region),
# reached only through AWS PrivateLink, encrypted with our KMS key, continuously backed up. Why Atlas and
# not DocumentDB: README.md. One instance of this module per region: the primary region's creates
# everything (create_cluster = true); the DR region's only adds that region's PrivateLink endpoint.

data "aws_region" "current" {}

locals {
  name = "${var.name_prefix}-mongodb"

  # Atlas names AWS regions EU_WEST_1 where AWS says eu-west-1.
  atlas_region = upper(replace(data.aws_region.current.name, "-", "_"))

  regions = var.cluster_regions != null ? var.cluster_regions : [
    { region_name = local.atlas_region, electable_nodes = 3, read_only_nodes = 0 },
  ]
  # Election priority 7 for the first region (the primary's), then 6, 5...; 0 where nothing is electable.
  priorities = [7, 6, 5, 4, 3, 2, 1]

  project_id   = var.create_cluster ? mongodbatlas_project.this[0].id : var.project_id
  cluster_name = var.create_cluster ? var.name_prefix : var.cluster_name

  kms_key_arn = try(aws_kms_key.atlas[0].arn, var.kms_key_arn)
  kms_key_id  = local.kms_key_arn == null ? null : reverse(split("/", local.kms_key_arn))[0]

  # The cluster's connection strings hold one private_endpoint entry per PrivateLink endpoint; this
  # region's is the one listing our interface endpoint. (Read from the resource in the primary region's
  # instance, from the data source in the DR region's.)
  private_endpoint_entries = try(concat(
    flatten([for cluster in mongodbatlas_advanced_cluster.this : [for strings in cluster.connection_strings : [
      for entry in strings.private_endpoint : {
        srv          = entry.srv_connection_string
        endpoint_ids = [for endpoint in entry.endpoints : endpoint.endpoint_id]
      }
    ]]]),
    flatten([for cluster in data.mongodbatlas_advanced_cluster.existing : [for strings in cluster.connection_strings : [
      for entry in strings.private_endpoint : {
        srv          = entry.srv_connection_string
        endpoint_ids = [for endpoint in entry.endpoints : endpoint.endpoint_id]
      }
    ]]]),
  ), [])
  private_srv = try([for entry in local.private_endpoint_entries : entry.srv if contains(entry.endpoint_ids, aws_vpc_endpoint.atlas.id)][0], null)
  public_srv = try(concat(
    [for cluster in mongodbatlas_advanced_cluster.this : cluster.connection_strings[0].standard_srv],
    [for cluster in data.mongodbatlas_advanced_cluster.existing : cluster.connection_strings[0].standard_srv],
  )[0], null)
  # Host part for the secrets' URIs: the private endpoint's; until Atlas reports it (the first apply may
  # finish before), the public SRV name, which only answers through PrivateLink anyway (no IP access list).
  srv_host = replace(coalesce(local.private_srv, local.public_srv, "mongodb+srv://pending.invalid"), "mongodb+srv://", "")

  users     = var.create_cluster ? toset(var.databases) : toset([])
  user_list = sort(tolist(local.users))

  # Secrets Manager content per service: the shape of the chart's mongodb-<service> Secret.
  user_secrets = zipmap(local.user_list, [for db in local.user_list : {
    username = db
    password = random_password.user[db].result
    database = db
    host     = local.srv_host
    uri      = "mongodb+srv://${db}:${random_password.user[db].result}@${local.srv_host}/${db}?authSource=admin&retryWrites=true&w=majority"
  }])

  backup_secret = var.create_cluster && var.backup_user_enabled ? {
    username = "backup"
    password = random_password.backup[0].result
    uri      = "mongodb+srv://backup:${random_password.backup[0].result}@${local.srv_host}/?authSource=admin&readPreference=secondary"
  } : null
}

# ---- Project ----

resource "mongodbatlas_project" "this" {
  count = var.create_cluster ? 1 : 0

  name   = var.name_prefix
  org_id = var.atlas_org_id
}

# ---- Encryption at rest with our KMS key (customer key management) ----

resource "aws_kms_key" "atlas" {
  count = var.create_cluster && var.kms_key_arn == null ? 1 : 0

  description             = "${local.name}: Atlas encryption at rest and the database user secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "atlas" {
  count = var.create_cluster && var.kms_key_arn == null ? 1 : 0

  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.atlas[0].key_id
}

resource "mongodbatlas_cloud_provider_access_setup" "this" {
  count = var.create_cluster ? 1 : 0

  project_id    = local.project_id
  provider_name = "AWS"
}

data "aws_iam_policy_document" "atlas_assume" {
  count = var.create_cluster ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [mongodbatlas_cloud_provider_access_setup.this[0].aws_config[0].atlas_aws_account_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [mongodbatlas_cloud_provider_access_setup.this[0].aws_config[0].atlas_assumed_role_external_id]
    }
  }
}

resource "aws_iam_role" "atlas_kms" {
  count = var.create_cluster ? 1 : 0

  name               = "${local.name}-atlas-kms"
  description        = "Assumed by MongoDB Atlas to use the encryption-at-rest key"
  assume_role_policy = data.aws_iam_policy_document.atlas_assume[0].json
  tags               = var.tags
}

data "aws_iam_policy_document" "atlas_kms" {
  count = var.create_cluster ? 1 : 0

  statement {
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:DescribeKey"]
    resources = [local.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "atlas_kms" {
  count = var.create_cluster ? 1 : 0

  name   = "atlas-encryption-at-rest"
  role   = aws_iam_role.atlas_kms[0].id
  policy = data.aws_iam_policy_document.atlas_kms[0].json
}

resource "mongodbatlas_cloud_provider_access_authorization" "this" {
  count = var.create_cluster ? 1 : 0

  project_id = local.project_id
  role_id    = mongodbatlas_cloud_provider_access_setup.this[0].role_id

  aws {
    iam_assumed_role_arn = aws_iam_role.atlas_kms[0].arn
  }

  depends_on = [aws_iam_role_policy.atlas_kms]
}

resource "mongodbatlas_encryption_at_rest" "this" {
  count = var.create_cluster ? 1 : 0

  project_id = local.project_id

  aws_kms_config {
    enabled                = true
    customer_master_key_id = local.kms_key_id
    region                 = local.atlas_region
    role_id                = mongodbatlas_cloud_provider_access_authorization.this[0].role_id
  }
}

# ---- PrivateLink: an interface endpoint in our VPC to Atlas' endpoint service in this region ----

resource "mongodbatlas_privatelink_endpoint" "this" {
  project_id    = local.project_id
  provider_name = "AWS"
  region        = local.atlas_region
}

resource "aws_security_group" "endpoint" {
  name_prefix = "${local.name}-endpoint-"
  description = "PrivateLink endpoint to MongoDB Atlas: only from the allowed security groups"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${local.name}-endpoint" })

  lifecycle {
    create_before_destroy = true
  }
}

# Atlas maps each node to its own port on the endpoint (from 1024 up), so the range is needed.
resource "aws_vpc_security_group_ingress_rule" "endpoint" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.endpoint.id
  description                  = "MongoDB (TLS) through PrivateLink from the workloads"
  ip_protocol                  = "tcp"
  from_port                    = 1024
  to_port                      = 65535
  referenced_security_group_id = var.allowed_security_group_ids[count.index]
  tags                         = var.tags
}

resource "aws_vpc_endpoint" "atlas" {
  vpc_id              = var.vpc_id
  service_name        = mongodbatlas_privatelink_endpoint.this.endpoint_service_name
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoint.id]
  private_dns_enabled = false
  tags                = merge(var.tags, { Name = "${local.name}-atlas" })
}

resource "mongodbatlas_privatelink_endpoint_service" "this" {
  project_id          = mongodbatlas_privatelink_endpoint.this.project_id
  private_link_id     = mongodbatlas_privatelink_endpoint.this.private_link_id
  endpoint_service_id = aws_vpc_endpoint.atlas.id
  provider_name       = "AWS"
}

resource "mongodbatlas_private_endpoint_regional_mode" "this" {
  count = var.create_cluster && var.private_endpoint_regional_mode ? 1 : 0

  project_id = local.project_id
  enabled    = true
}

# ---- The cluster ----

resource "mongodbatlas_advanced_cluster" "this" {
  count = var.create_cluster ? 1 : 0

  # Through encryption_at_rest, so customer key management is in place before the cluster exists.
  project_id                     = mongodbatlas_encryption_at_rest.this[0].project_id
  name                           = local.cluster_name
  cluster_type                   = "REPLICASET"
  mongo_db_major_version         = var.mongodb_major_version
  backup_enabled                 = true
  pit_enabled                    = true
  encryption_at_rest_provider    = "AWS"
  termination_protection_enabled = var.termination_protection_enabled

  replication_specs {
    dynamic "region_configs" {
      for_each = local.regions
      content {
        provider_name = "AWS"
        region_name   = region_configs.value.region_name
        priority      = region_configs.value.electable_nodes > 0 ? local.priorities[region_configs.key] : 0

        dynamic "electable_specs" {
          for_each = region_configs.value.electable_nodes > 0 ? [region_configs.value.electable_nodes] : []
          content {
            instance_size = var.instance_size
            node_count    = electable_specs.value
          }
        }

        dynamic "read_only_specs" {
          for_each = region_configs.value.read_only_nodes > 0 ? [region_configs.value.read_only_nodes] : []
          content {
            instance_size = var.instance_size
            node_count    = read_only_specs.value
          }
        }

        auto_scaling {
          compute_enabled            = true
          compute_scale_down_enabled = true
          compute_min_instance_size  = var.instance_size
          compute_max_instance_size  = var.max_instance_size
          disk_gb_enabled            = true
        }
      }
    }
  }

  advanced_configuration {
    javascript_enabled           = false
    minimum_enabled_tls_protocol = "TLS1_2"
  }

  dynamic "tags" {
    for_each = var.tags
    content {
      key   = tags.key
      value = tags.value
    }
  }

  lifecycle {
    # Compute autoscaling changes the tier; Terraform must not change it back.
    ignore_changes = [
      replication_specs[0].region_configs[0].electable_specs[0].instance_size,
      replication_specs[0].region_configs[1].electable_specs[0].instance_size,
      replication_specs[0].region_configs[2].electable_specs[0].instance_size,
      replication_specs[0].region_configs[1].read_only_specs[0].instance_size,
      replication_specs[0].region_configs[2].read_only_specs[0].instance_size,
    ]

    precondition {
      condition     = sum([for region in local.regions : region.electable_nodes]) % 2 == 1
      error_message = "The number of electable nodes over all regions must be odd (3, 5 or 7)."
    }
  }

  # The endpoint first, so the connection strings include it from the start.
  depends_on = [mongodbatlas_privatelink_endpoint_service.this]
}

data "mongodbatlas_advanced_cluster" "existing" {
  count = var.create_cluster ? 0 : 1

  project_id = var.project_id
  name       = var.cluster_name

  depends_on = [mongodbatlas_privatelink_endpoint_service.this]
}

# ---- Backups: continuous (point in time) plus snapshots, optionally copied to the DR region ----

resource "mongodbatlas_cloud_backup_schedule" "this" {
  count = var.create_cluster ? 1 : 0

  project_id   = mongodbatlas_advanced_cluster.this[0].project_id
  cluster_name = mongodbatlas_advanced_cluster.this[0].name

  reference_hour_of_day    = 3
  reference_minute_of_hour = 0
  restore_window_days      = var.pit_restore_window_days

  policy_item_hourly {
    frequency_interval = 1
    retention_unit     = "days"
    retention_value    = var.snapshot_retention.hourly_days
  }

  policy_item_daily {
    frequency_interval = 1
    retention_unit     = "days"
    retention_value    = var.snapshot_retention.daily_days
  }

  policy_item_weekly {
    frequency_interval = 7
    retention_unit     = "weeks"
    retention_value    = var.snapshot_retention.weekly_weeks
  }

  policy_item_monthly {
    frequency_interval = 40
    retention_unit     = "months"
    retention_value    = var.snapshot_retention.monthly_month
  }

  dynamic "copy_settings" {
    for_each = var.backup_copy_region == null ? [] : [var.backup_copy_region]
    content {
      cloud_provider     = "AWS"
      region_name        = copy_settings.value
      zone_id            = mongodbatlas_advanced_cluster.this[0].replication_specs[0].zone_id
      frequencies        = ["HOURLY", "DAILY", "WEEKLY", "MONTHLY"]
      should_copy_oplogs = true
    }
  }
}

# ---- Database users: one per service, readWrite on its own database only (as the chart's mongodb-init) ----

resource "random_password" "user" {
  for_each = local.users

  length  = 40
  special = false
}

resource "mongodbatlas_database_user" "service" {
  for_each = local.users

  project_id         = local.project_id
  username           = each.key
  password           = random_password.user[each.key].result
  auth_database_name = "admin"
  description        = "${each.key}: readWrite on its own database only"

  roles {
    role_name     = "readWrite"
    database_name = each.key
  }

  scopes {
    name = mongodbatlas_advanced_cluster.this[0].name
    type = "CLUSTER"
  }
}

resource "aws_secretsmanager_secret" "user" {
  for_each = local.users

  name                    = "${var.name_prefix}/mongodb/${each.key}"
  description             = "MongoDB Atlas credentials of ${each.key} (JSON: username, password, database, uri)"
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

resource "aws_secretsmanager_secret_version" "user" {
  for_each = local.users

  secret_id     = aws_secretsmanager_secret.user[each.key].id
  secret_string = jsonencode(local.user_secrets[each.key])
}

# The chart's hourly mongodump CronJob (kept as an off-Atlas copy in our own S3 bucket; modules/backups).
resource "random_password" "backup" {
  count = var.create_cluster && var.backup_user_enabled ? 1 : 0

  length  = 40
  special = false
}

resource "mongodbatlas_database_user" "backup" {
  count = var.create_cluster && var.backup_user_enabled ? 1 : 0

  project_id         = local.project_id
  username           = "backup"
  password           = random_password.backup[0].result
  auth_database_name = "admin"
  description        = "mongodb-backup CronJob: dumps every database, writes its heartbeat"

  roles {
    role_name     = "backup"
    database_name = "admin"
  }

  roles {
    role_name       = "readWrite"
    database_name   = "backup_meta"
    collection_name = "heartbeat"
  }

  scopes {
    name = mongodbatlas_advanced_cluster.this[0].name
    type = "CLUSTER"
  }
}

resource "aws_secretsmanager_secret" "backup" {
  count = var.create_cluster && var.backup_user_enabled ? 1 : 0

  name                    = "${var.name_prefix}/mongodb/backup"
  description             = "MongoDB Atlas credentials of the backup user (JSON: username, password, uri)"
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

resource "aws_secretsmanager_secret_version" "backup" {
  count = var.create_cluster && var.backup_user_enabled ? 1 : 0

  secret_id     = aws_secretsmanager_secret.backup[0].id
  secret_string = jsonencode(local.backup_secret)
}
