# A ReadWriteMany file system for the chart's shared volumes: affiliate-service's click journal (values-prod.yaml:
# storageClassName rwx). The EFS CSI add-on (addons.tf) provisions one access point per claim; the StorageClass
# "rwx" that points at this file system is created with the cluster add-ons (terraform/README.md).
# Encrypted at rest with the cluster's key and in transit (the file system policy refuses non-TLS clients; the
# CSI driver mounts with TLS). Tagged Backup=true for the AWS Backup plan (backups module).

resource "aws_security_group" "efs" {
  name        = "${var.name}-efs"
  description = "EFS mount targets: NFS from the EKS nodes only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-efs" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "efs_from_nodes" {
  security_group_id            = aws_security_group.efs.id
  description                  = "NFS from the nodes"
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
  referenced_security_group_id = var.node_security_group_id

  tags = var.tags
}

resource "aws_efs_file_system" "shared" {
  creation_token   = "${var.name}-rwx"
  encrypted        = true
  kms_key_id       = aws_kms_key.cluster.arn
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  lifecycle_policy {
    transition_to_ia = "AFTER_30_DAYS"
  }

  tags = merge(var.tags, { Name = "${var.name}-rwx", Backup = "true" })
}

resource "aws_efs_mount_target" "shared" {
  count = length(var.private_subnet_ids)

  file_system_id  = aws_efs_file_system.shared.id
  subnet_id       = var.private_subnet_ids[count.index]
  security_groups = [aws_security_group.efs.id]
}

data "aws_iam_policy_document" "efs" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["*"]
    resources = [aws_efs_file_system.shared.arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid = "MountFromTheVpc"
    actions = [
      "elasticfilesystem:ClientMount",
      "elasticfilesystem:ClientWrite",
      "elasticfilesystem:ClientRootAccess",
    ]
    resources = [aws_efs_file_system.shared.arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "elasticfilesystem:AccessedViaMountTarget"
      values   = ["true"]
    }
  }
}

resource "aws_efs_file_system_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  policy         = data.aws_iam_policy_document.efs.json
}
