# The application nodes: a self-managed Auto Scaling group registered with the cluster.
#
# Why self-managed rather than an EKS managed node group: a managed node group creates and owns its Auto Scaling
# group. Scaling policies and scheduled actions can be attached to that group from outside, but EKS rejects or
# reverts the rest of what this platform needs: no warm pool (EKS does not support one on managed node groups), no
# instance refresh of our own (EKS replaces nodes with its own update process, which ignores instance_refresh
# settings), and no ELB health checks or target group attachment on the group (EKS manages those settings and would
# drift from them). A self-managed group gives all of them, at the price of doing what EKS would do: the AMI (the
# EKS-optimized Amazon Linux 2023 image from SSM), the nodeadm bootstrap, the node's access entry, and draining on
# termination (Node Termination Handler, termination.tf). A small managed node group (system_nodes.tf) still
# carries the cluster add-ons, so they never depend on the group the autoscalers resize.
#
# Who changes the group's size (see also README.md, "Scaling"):
#   - cluster-autoscaler is the primary: it adds nodes when pods cannot be scheduled (the HPAs and KEDA create
#     them) and it is the only one that removes nodes, draining them first (PodDisruptionBudgets hold);
#   - the group's own policies only ever add capacity ahead of the pods: target tracking on CPU and on ALB
#     requests per node (both with disable_scale_in), predictive scaling (which never scales in), and the
#     scheduled seasonal floors (min_size).
# Every AWS-side policy is therefore a floor under cluster-autoscaler, never a competitor that removes nodes
# without draining them. Terraform ignores desired_capacity after creation.

locals {
  apps_asg_name = "${var.name}-apps"

  node_ami_id = coalesce(var.node_ami_id, data.aws_ssm_parameter.node_ami.insecure_value)

  # Tags on the instances (and through them the volumes and network interfaces). The provider's default_tags
  # do not reach Auto Scaling group tags, so the group repeats them with propagate_at_launch.
  apps_instance_tags = merge(var.tags, {
    Name                                = local.apps_asg_name
    "kubernetes.io/cluster/${var.name}" = "owned"
  })

  # nodeadm configuration plus the warm-pool guard: an instance being prepared for the warm pool must not join
  # the cluster (it would linger as a NotReady node once stopped). nodeadm-run.service, which starts the kubelet,
  # runs after cloud-final; the per-boot script (run by cloud-final on every boot) raises a flag in /run while the
  # instance's target lifecycle state is Warmed:*, and the drop-in skips nodeadm-run while the flag exists. When
  # the instance later starts to go InService, /run is empty again and the node joins as usual.
  apps_user_data = <<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="==CITYEXPLORER=="

    --==CITYEXPLORER==
    Content-Type: application/node.eks.aws

    ---
    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: ${aws_eks_cluster.this.name}
        apiServerEndpoint: ${aws_eks_cluster.this.endpoint}
        certificateAuthority: ${aws_eks_cluster.this.certificate_authority[0].data}
        cidr: ${aws_eks_cluster.this.kubernetes_network_config[0].service_ipv4_cidr}
      kubelet:
        config:
          shutdownGracePeriod: 60s
          shutdownGracePeriodCriticalPods: 15s
        flags:
          - --node-labels=city-explorer.io/pool=apps

    --==CITYEXPLORER==
    Content-Type: text/cloud-config; charset="us-ascii"

    #cloud-config
    write_files:
      - path: /etc/systemd/system/nodeadm-run.service.d/10-warm-pool.conf
        permissions: "0644"
        content: |
          [Unit]
          ConditionPathExists=!/run/city-explorer/warmed
      - path: /var/lib/cloud/scripts/per-boot/10-warm-pool.sh
        permissions: "0755"
        content: |
          #!/bin/bash
          set -u
          imds=http://169.254.169.254/latest
          token=$(curl -sS -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300" "$imds/api/token")
          state=""
          for attempt in $(seq 1 60); do
            state=$(curl -sSf -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/autoscaling/target-lifecycle-state" || true)
            [ -n "$state" ] && break
            sleep 2
          done
          mkdir -p /run/city-explorer
          case "$state" in
            Warmed:*) touch /run/city-explorer/warmed ;;
            *) rm -f /run/city-explorer/warmed ;;
          esac
          systemctl daemon-reload

    --==CITYEXPLORER==--
  EOT
}

data "aws_ssm_parameter" "node_ami" {
  name = "/aws/service/eks/optimized-ami/${var.kubernetes_version}/amazon-linux-2023/x86_64/standard/recommended/image_id"
}

# ---------------------------------------------------------------------------------------------------------------------
# Node IAM role (application nodes; the system node group has its own, see system_nodes.tf)
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "node_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "nodes" {
  name_prefix        = "${local.iam_prefix}-nodes-"
  assume_role_policy = data.aws_iam_policy_document.node_assume.json

  tags = var.tags
}

# The VPC CNI runs with the node's role (simplest; an IRSA role for aws-node is the stricter alternative).
resource "aws_iam_role_policy_attachment" "nodes" {
  for_each = toset([
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore",
  ])

  role       = aws_iam_role.nodes.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

resource "aws_iam_instance_profile" "nodes" {
  name_prefix = "${local.iam_prefix}-nodes-"
  role        = aws_iam_role.nodes.name

  tags = var.tags
}

# Self-managed nodes join through an access entry of type EC2_LINUX (authentication mode API: no aws-auth).
resource "aws_eks_access_entry" "nodes" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_iam_role.nodes.arn
  type          = "EC2_LINUX"

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------------------
# Launch template
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_launch_template" "apps" {
  name_prefix            = "${local.apps_asg_name}-"
  description            = "City Explorer application nodes (EKS ${var.kubernetes_version}, Amazon Linux 2023, nodeadm)"
  image_id               = local.node_ami_id
  instance_type          = var.node_instance_type
  ebs_optimized          = true
  update_default_version = true
  user_data              = base64encode(local.apps_user_data)

  # The nodes' group (load balancer -> NodePort) and the cluster's group (control plane <-> kubelet). The VPC CNI
  # gives the pods' secondary interfaces the same groups.
  vpc_security_group_ids = [var.node_security_group_id, aws_eks_cluster.this.vpc_config[0].cluster_security_group_id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.nodes.arn
  }

  # Encrypted with the account's default EBS key: a customer-managed key would also need a grant for the Auto
  # Scaling service-linked role, or every launch fails.
  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.node_volume_size_gib
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  # IMDSv2 only, one hop: pods cannot reach the node's credentials (they use IRSA).
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = local.apps_instance_tags
  }

  tag_specifications {
    resource_type = "volume"
    tags          = local.apps_instance_tags
  }

  tag_specifications {
    resource_type = "network-interface"
    tags          = local.apps_instance_tags
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_eks_access_entry.nodes]
}

# ---------------------------------------------------------------------------------------------------------------------
# Auto Scaling group
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_autoscaling_group" "apps" {
  name                = local.apps_asg_name
  vpc_zone_identifier = var.private_subnet_ids

  min_size         = var.node_min_size
  max_size         = var.node_max_size
  desired_capacity = var.node_desired_capacity

  # A pinned version (not $Latest): a new launch template version is a change of the group, which starts the
  # instance refresh below.
  launch_template {
    id      = aws_launch_template.apps.id
    version = aws_launch_template.apps.latest_version
  }

  # Registered with the load balancer's target group; a node the load balancer finds unhealthy is replaced.
  # The check reaches the gateway's readiness through the ingress controller (alb.tf).
  target_group_arns         = [aws_lb_target_group.ingress.arn]
  health_check_type         = "ELB"
  health_check_grace_period = var.health_check_grace_period
  default_instance_warmup   = var.default_instance_warmup
  suspended_processes       = var.suspend_unhealthy_replacement ? ["ReplaceUnhealthy"] : []

  # Replacements (unhealthy nodes, rebalancing) launch before they terminate and never take the group below
  # 90 % healthy: a gateway-wide readiness failure cannot make the group recycle every node at once.
  instance_maintenance_policy {
    min_healthy_percentage = 90
    max_healthy_percentage = 120
  }

  capacity_rebalance    = false
  protect_from_scale_in = false
  termination_policies  = ["OldestLaunchTemplate", "OldestInstance"]
  enabled_metrics = [
    "GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity", "GroupInServiceInstances", "GroupPendingInstances",
    "GroupTerminatingInstances", "GroupTotalInstances", "WarmPoolDesiredCapacity", "WarmPoolWarmedCapacity",
    "WarmPoolPendingCapacity", "WarmPoolTotalCapacity",
  ]
  wait_for_capacity_timeout = "15m"
  force_delete_warm_pool    = true

  # A new launch template version (AMI, user data, instance type) replaces the nodes in rolling batches, each
  # drained by Node Termination Handler through the termination lifecycle hook (termination.tf).
  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = var.instance_refresh_min_healthy_percentage
      max_healthy_percentage = 110
      instance_warmup        = var.instance_refresh_warmup
      skip_matching          = true
      auto_rollback          = true
    }

    triggers = ["tag"]
  }

  # Stopped, already-launched instances: a scale-out starts one (about a minute to Ready) instead of launching
  # one (three to five). The user data keeps warm instances out of the cluster until they go InService.
  warm_pool {
    pool_state = "Stopped"
    min_size   = var.warm_pool_min_size
    # Equal to min_size, the pool has a fixed size. Unset, AWS keeps max_size - desired instances warm (17 at 20/3).
    max_group_prepared_capacity = coalesce(var.warm_pool_max_prepared_capacity, var.warm_pool_min_size)

    instance_reuse_policy {
      reuse_on_scale_in = var.warm_pool_reuse_on_scale_in
    }
  }

  # Node Termination Handler drains a node before the group terminates it (scale-in, instance refresh,
  # rebalancing, health replacement); after 5 minutes the termination goes ahead anyway.
  initial_lifecycle_hook {
    name                 = "drain-before-terminate"
    lifecycle_transition = "autoscaling:EC2_INSTANCE_TERMINATING"
    heartbeat_timeout    = 300
    default_result       = "CONTINUE"
  }

  tag {
    key                 = "Name"
    value               = local.apps_asg_name
    propagate_at_launch = true
  }

  # cluster-autoscaler's auto-discovery (--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,
  # k8s.io/cluster-autoscaler/<cluster>); its IAM policy only allows resizing groups with the second tag.
  tag {
    key                 = "k8s.io/cluster-autoscaler/enabled"
    value               = "true"
    propagate_at_launch = true
  }

  tag {
    key                 = "k8s.io/cluster-autoscaler/${var.name}"
    value               = "owned"
    propagate_at_launch = true
  }

  tag {
    key                 = "kubernetes.io/cluster/${var.name}"
    value               = "owned"
    propagate_at_launch = true
  }

  # Node Termination Handler (queue mode) only drains instances that carry this tag.
  tag {
    key                 = "aws-node-termination-handler/managed"
    value               = "true"
    propagate_at_launch = true
  }

  # Tells cluster-autoscaler the label a new node will carry, so it can scale up from zero for pods that select it.
  tag {
    key                 = "k8s.io/cluster-autoscaler/node-template/label/city-explorer.io/pool"
    value               = "apps"
    propagate_at_launch = false
  }

  dynamic "tag" {
    for_each = var.tags

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  lifecycle {
    # The autoscalers own the current size; an apply must not undo them.
    ignore_changes = [desired_capacity]

    precondition {
      condition     = var.node_min_size <= var.node_desired_capacity && var.node_desired_capacity <= var.node_max_size
      error_message = "node_min_size <= node_desired_capacity <= node_max_size must hold."
    }
  }

  depends_on = [
    aws_eks_access_entry.nodes,
    aws_iam_role_policy_attachment.nodes,
    aws_cloudwatch_event_rule.node_termination,
    aws_eks_addon.before_nodes,
  ]
}

# ---------------------------------------------------------------------------------------------------------------------
# Scaling policies (scale-out only; cluster-autoscaler scales in)
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_autoscaling_policy" "cpu" {
  name                      = "${local.apps_asg_name}-cpu"
  autoscaling_group_name    = aws_autoscaling_group.apps.name
  policy_type               = "TargetTrackingScaling"
  estimated_instance_warmup = var.default_instance_warmup

  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }

    target_value     = var.cpu_target_percent
    disable_scale_in = true
  }
}

resource "aws_autoscaling_policy" "alb_requests" {
  name                      = "${local.apps_asg_name}-alb-requests"
  autoscaling_group_name    = aws_autoscaling_group.apps.name
  policy_type               = "TargetTrackingScaling"
  estimated_instance_warmup = var.default_instance_warmup

  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.this.arn_suffix}/${aws_lb_target_group.ingress.arn_suffix}"
    }

    target_value     = var.requests_per_target_per_minute
    disable_scale_in = true
  }
}

# Learns the daily and weekly curve from the last 14 days of CPU and launches nodes ahead of it (never scales in).
resource "aws_autoscaling_policy" "predictive" {
  name                   = "${local.apps_asg_name}-predictive"
  autoscaling_group_name = aws_autoscaling_group.apps.name
  policy_type            = "PredictiveScaling"

  predictive_scaling_configuration {
    mode                         = var.predictive_scaling_mode
    scheduling_buffer_time       = 600
    max_capacity_breach_behavior = "HonorMaxCapacity"

    metric_specification {
      target_value = var.cpu_target_percent

      predefined_metric_pair_specification {
        predefined_metric_type = "ASGCPUUtilization"
      }
    }
  }
}

# Known peaks (summer season, Christmas markets): floors raised and lowered by recurring actions. A recurring
# action that repeats daily through a season re-asserts the floor after any apply that reset min_size.
resource "aws_autoscaling_schedule" "seasonal" {
  for_each = { for action in var.scheduled_actions : action.name => action }

  autoscaling_group_name = aws_autoscaling_group.apps.name
  scheduled_action_name  = each.value.name
  recurrence             = each.value.recurrence
  time_zone              = each.value.time_zone
  min_size               = each.value.min_size == null ? -1 : each.value.min_size
  max_size               = each.value.max_size == null ? -1 : each.value.max_size
  desired_capacity       = each.value.desired_capacity == null ? -1 : each.value.desired_capacity
}
