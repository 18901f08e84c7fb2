# LAUNCH_TEMPLATE: a group started from a (deprecated) launch configuration.
resource "aws_launch_configuration" "legacy" {
  image_id      = "ami-123"
  instance_type = "m7i.large"
}

resource "aws_autoscaling_group" "legacy" {
  min_size             = 2
  max_size             = 20
  health_check_type    = "ELB"
  launch_configuration = aws_launch_configuration.legacy.name
  instance_refresh {
    strategy = "Rolling"
  }
  warm_pool {
    pool_state = "Stopped"
  }
  tag {
    key                 = "Name"
    value               = "legacy"
    propagate_at_launch = true
  }
}

resource "aws_autoscaling_policy" "legacy_cpu" {
  autoscaling_group_name = aws_autoscaling_group.legacy.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}

resource "aws_autoscaling_policy" "legacy_requests" {
  autoscaling_group_name = aws_autoscaling_group.legacy.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
    }
  }
}

resource "aws_autoscaling_policy" "legacy_predictive" {
  autoscaling_group_name = aws_autoscaling_group.legacy.name
  policy_type            = "PredictiveScaling"
}

resource "aws_autoscaling_schedule" "legacy" {
  autoscaling_group_name = aws_autoscaling_group.legacy.name
}
