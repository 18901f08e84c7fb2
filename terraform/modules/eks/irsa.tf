# IAM roles for service accounts (IRSA): each role can be assumed only by the named ServiceAccounts of this
# cluster, through its OIDC provider. Role names are fixed (<cluster>-<role>) so that the Helm values can name
# them; the role_arns output lists them.
#
#   role                          ServiceAccount(s)                                         for
#   mongodb-backup                <app_namespace>:mongodb-backup, :mongodb-restore-verify   the chart's backup and restore-drill CronJobs
#   cluster-autoscaler            kube-system:cluster-autoscaler                           resizing the tagged Auto Scaling groups
#   aws-load-balancer-controller  kube-system:aws-load-balancer-controller                 TargetGroupBinding on this module's target group
#   external-secrets              external-secrets:external-secrets                        reading the platform's secrets
#   node-termination-handler      kube-system:aws-node-termination-handler                 draining nodes before termination
#   ebs-csi-driver                kube-system:ebs-csi-controller-sa                        the EBS CSI add-on
#   efs-csi-driver                kube-system:efs-csi-controller-sa                        the EFS CSI add-on (access points per claim)

locals {
  oidc_provider = replace(aws_iam_openid_connect_provider.this.url, "https://", "")

  irsa_service_accounts = {
    "mongodb-backup"               = ["${var.app_namespace}:mongodb-backup", "${var.app_namespace}:mongodb-restore-verify"]
    "cluster-autoscaler"           = ["kube-system:cluster-autoscaler"]
    "aws-load-balancer-controller" = ["kube-system:aws-load-balancer-controller"]
    "external-secrets"             = ["external-secrets:external-secrets"]
    "node-termination-handler"     = ["kube-system:aws-node-termination-handler"]
    "ebs-csi-driver"               = ["kube-system:ebs-csi-controller-sa"]
    "efs-csi-driver"               = ["kube-system:efs-csi-controller-sa"]
  }

  irsa_inline_policies = {
    "mongodb-backup"               = data.aws_iam_policy_document.mongodb_backup.json
    "cluster-autoscaler"           = data.aws_iam_policy_document.cluster_autoscaler.json
    "aws-load-balancer-controller" = data.aws_iam_policy_document.aws_load_balancer_controller.json
    "external-secrets"             = data.aws_iam_policy_document.external_secrets.json
    "node-termination-handler"     = data.aws_iam_policy_document.node_termination_handler.json
  }
}

data "aws_iam_policy_document" "irsa_assume" {
  for_each = local.irsa_service_accounts

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.this.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider}:sub"
      values   = [for account in each.value : "system:serviceaccount:${account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "irsa" {
  for_each = local.irsa_service_accounts

  name               = "${var.name}-${each.key}"
  description        = "IRSA role of ${join(", ", each.value)} in EKS cluster ${var.name}"
  assume_role_policy = data.aws_iam_policy_document.irsa_assume[each.key].json

  tags = var.tags
}

resource "aws_iam_role_policy" "irsa" {
  for_each = local.irsa_inline_policies

  name   = each.key
  role   = aws_iam_role.irsa[each.key].id
  policy = each.value
}

resource "aws_iam_role_policy_attachment" "ebs_csi_driver" {
  role       = aws_iam_role.irsa["ebs-csi-driver"].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

resource "aws_iam_role_policy_attachment" "efs_csi_driver" {
  role       = aws_iam_role.irsa["efs-csi-driver"].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"
}

# ---------------------------------------------------------------------------------------------------------------------
# mongodb-backup: write the hourly dumps, read them back for the daily restore drill. No delete: retention is the
# bucket's lifecycle rule and Object Lock, never the job's.
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "mongodb_backup" {
  statement {
    sid       = "ListDumps"
    actions   = ["s3:ListBucket"]
    resources = [var.backup_bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.backup_prefix}/*"]
    }
  }

  statement {
    sid       = "WriteAndReadDumps"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:GetObjectAttributes"]
    resources = ["${var.backup_bucket_arn}/${var.backup_prefix}/*"]
  }

  dynamic "statement" {
    for_each = var.backup_kms_key_arn == null ? [] : [var.backup_kms_key_arn]

    content {
      sid       = "BucketKey"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# cluster-autoscaler: resize only the groups tagged for this cluster.
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "cluster_autoscaler" {
  statement {
    sid       = "ResizeOwnGroups"
    actions   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/k8s.io/cluster-autoscaler/${var.name}"
      values   = ["owned"]
    }
  }

  statement {
    sid = "Discover"
    actions = [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "autoscaling:DescribeTags",
      "autoscaling:DescribeWarmPool",
      "ec2:DescribeImages",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetInstanceTypesFromInstanceRequirements",
      "eks:DescribeNodegroup",
    ]
    resources = ["*"]
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# aws-load-balancer-controller. The load balancer is Terraform's (alb.tf) and reaches the nodes through the ingress
# NodePort, so the controller is optional. This policy covers what it needs for a TargetGroupBinding on this
# module's target group (pod IPs registered directly). Letting it create load balancers from Ingress or Service
# objects needs the upstream iam_policy.json of the controller's release instead.
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "aws_load_balancer_controller" {
  statement {
    sid = "Describe"
    actions = [
      "elasticloadbalancing:DescribeListeners",
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeTags",
      "elasticloadbalancing:DescribeTargetGroupAttributes",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth",
      "ec2:DescribeAvailabilityZones",
      "ec2:DescribeInstances",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcs",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "RegisterTargets"
    actions   = ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"]
    resources = [aws_lb_target_group.ingress.arn]
  }

  statement {
    sid       = "NodeSecurityGroupRules"
    actions   = ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/${var.node_security_group_id}"]
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# external-secrets: read the platform's secrets (data store passwords, keys) into Kubernetes Secrets.
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "external_secrets" {
  statement {
    sid = "ReadPlatformSecrets"
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "secretsmanager:ListSecretVersionIds",
      "secretsmanager:GetResourcePolicy",
    ]
    resources = [
      for prefix in var.secrets_name_prefixes : "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:${prefix}*"
    ]
  }

  dynamic "statement" {
    for_each = length(var.secrets_kms_key_arns) == 0 ? [] : [1]

    content {
      sid       = "DecryptThroughSecretsManager"
      actions   = ["kms:Decrypt"]
      resources = var.secrets_kms_key_arns

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# aws-node-termination-handler (queue mode)
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "node_termination_handler" {
  statement {
    sid       = "Queue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.node_termination.arn]
  }

  statement {
    sid       = "CompleteLifecycleAction"
    actions   = ["autoscaling:CompleteLifecycleAction"]
    resources = [aws_autoscaling_group.apps.arn]
  }

  statement {
    sid       = "Describe"
    actions   = ["autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags", "ec2:DescribeInstances"]
    resources = ["*"]
  }
}
