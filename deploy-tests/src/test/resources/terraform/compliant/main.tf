# A configuration that follows every cloud rule. Each file in ../broken adds something that breaks exactly one
# rule; CloudPolicyTest shows that rule, and only it, catches it.
terraform {
  backend "s3" {}
}

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Project     = "city-explorer"
      Environment = "test"
      ManagedBy   = "terraform"
    }
  }
}

variable "admin_password" {
  type        = string
  sensitive   = true
  description = "No default: it comes from the environment (TF_VAR_admin_password) or a secret store."
}

resource "aws_security_group" "alb" {
  name = "alb"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "nodes" {
  name = "nodes"
  ingress {
    from_port       = 30443
    to_port         = 30443
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
}

resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
      encrypted   = true
    }
  }
}

resource "aws_autoscaling_group" "nodes" {
  min_size            = 2
  max_size            = 20
  desired_capacity    = 3
  health_check_type   = "ELB"
  vpc_zone_identifier = ["subnet-a", "subnet-b", "subnet-c"]
  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }
  instance_refresh {
    strategy = "Rolling"
  }
  warm_pool {
    pool_state = "Stopped"
  }
  tag {
    key                 = "Name"
    value               = "nodes"
    propagate_at_launch = true
  }
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "cpu"
  autoscaling_group_name = aws_autoscaling_group.nodes.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    target_value = 60
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}

resource "aws_autoscaling_policy" "requests" {
  name                   = "requests"
  autoscaling_group_name = aws_autoscaling_group.nodes.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    target_value = 1000
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "app/lb/1/targetgroup/tg/2"
    }
  }
}

resource "aws_autoscaling_policy" "predictive" {
  name                   = "predictive"
  autoscaling_group_name = aws_autoscaling_group.nodes.name
  policy_type            = "PredictiveScaling"
}

resource "aws_autoscaling_schedule" "summer" {
  scheduled_action_name  = "summer"
  autoscaling_group_name = aws_autoscaling_group.nodes.name
  recurrence             = "0 6 1 6 *"
  min_size               = 4
  max_size               = 20
  desired_capacity       = 6
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id       = "redis"
  description                = "sessions"
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}

resource "aws_s3_bucket" "backups" {
  bucket = "backups"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "backups" {
  bucket = aws_s3_bucket.backups.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "backups" {
  bucket                  = aws_s3_bucket.backups.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    effect  = "Deny"
    actions = ["s3:*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn"
  protocol          = "HTTPS"
  port              = 443
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = "arn"
  protocol          = "HTTP"
  port              = 80
  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}
