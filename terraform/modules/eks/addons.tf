# EKS add-ons. vpc-cni and kube-proxy are needed before any node is Ready; coredns and the CSI controllers need a
# node to run on (the system node group). eks-pod-identity-agent lets later add-ons use EKS Pod Identity; this
# module itself uses IRSA (irsa.tf).

locals {
  addons = {
    "vpc-cni" = {
      role_arn = null
      # The chart's NetworkPolicies need a CNI that enforces them: the VPC CNI's network policy agent does.
      configuration = jsonencode({ enableNetworkPolicy = "true" })
      needs_nodes   = false
    }
    "kube-proxy" = {
      role_arn      = null
      configuration = null
      needs_nodes   = false
    }
    "eks-pod-identity-agent" = {
      role_arn      = null
      configuration = null
      needs_nodes   = false
    }
    "coredns" = {
      role_arn      = null
      configuration = jsonencode({ replicaCount = 2 })
      needs_nodes   = true
    }
    "aws-ebs-csi-driver" = {
      role_arn      = aws_iam_role.irsa["ebs-csi-driver"].arn
      configuration = null
      needs_nodes   = true
    }
    "aws-efs-csi-driver" = {
      role_arn      = aws_iam_role.irsa["efs-csi-driver"].arn
      configuration = null
      needs_nodes   = true
    }
  }
}

resource "aws_eks_addon" "before_nodes" {
  for_each = { for name, addon in local.addons : name => addon if !addon.needs_nodes }

  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = each.key
  addon_version               = lookup(var.addon_versions, each.key, null)
  service_account_role_arn    = each.value.role_arn
  configuration_values        = each.value.configuration
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"

  tags = var.tags
}

resource "aws_eks_addon" "after_nodes" {
  for_each = { for name, addon in local.addons : name => addon if addon.needs_nodes }

  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = each.key
  addon_version               = lookup(var.addon_versions, each.key, null)
  service_account_role_arn    = each.value.role_arn
  configuration_values        = each.value.configuration
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"

  tags = var.tags

  depends_on = [aws_eks_node_group.system]
}
