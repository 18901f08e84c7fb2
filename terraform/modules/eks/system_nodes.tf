# A small EKS managed node group for the cluster's own controllers: CoreDNS, cluster-autoscaler, Node Termination
# Handler, external-secrets. Tainted CriticalAddonsOnly so that application pods stay on the application nodes
# (nodes.tf), whose group the autoscalers resize; what runs here tolerates the taint (CoreDNS does by default; the
# Helm commands in terraform/README.md add the toleration to the others). Controllers without it (ingress-nginx,
# KEDA, the CSI controllers) run on the application nodes.
#
# Managed, because none of the application group's requirements (warm pool, own instance refresh, ELB health
# checks) apply here, and EKS then handles its AMI updates and draining. EKS creates this group's access entry.

resource "aws_iam_role" "system_nodes" {
  name_prefix        = "${local.iam_prefix}-system-"
  assume_role_policy = data.aws_iam_policy_document.node_assume.json

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "system_nodes" {
  for_each = toset([
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore",
  ])

  role       = aws_iam_role.system_nodes.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

resource "aws_launch_template" "system" {
  name_prefix            = "${var.name}-system-"
  description            = "City Explorer system nodes (EKS managed node group)"
  update_default_version = true

  # With security groups in the launch template EKS no longer adds the cluster's group by itself: both are listed.
  vpc_security_group_ids = [var.node_security_group_id, aws_eks_cluster.this.vpc_config[0].cluster_security_group_id]

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 40
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = "${var.name}-system" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = "${var.name}-system" })
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_eks_node_group" "system" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "system"
  node_role_arn   = aws_iam_role.system_nodes.arn
  subnet_ids      = var.private_subnet_ids
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "ON_DEMAND"
  instance_types  = [var.system_node_instance_type]

  launch_template {
    id      = aws_launch_template.system.id
    version = aws_launch_template.system.latest_version
  }

  scaling_config {
    min_size     = var.system_node_min_size
    max_size     = var.system_node_max_size
    desired_size = var.system_node_desired_size
  }

  update_config {
    max_unavailable = 1
  }

  labels = {
    "city-explorer.io/pool" = "system"
  }

  taint {
    key    = "CriticalAddonsOnly"
    value  = "true"
    effect = "NO_SCHEDULE"
  }

  tags = var.tags

  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [aws_iam_role_policy_attachment.system_nodes, aws_eks_addon.before_nodes]
}
