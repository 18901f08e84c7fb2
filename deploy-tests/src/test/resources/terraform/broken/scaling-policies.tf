# SCALING_POLICIES: a second group with a launch template but no scaling policy, schedule or warm pool of its own.
resource "aws_autoscaling_group" "batch" {
  min_size          = 2
  max_size          = 20
  health_check_type = "ELB"
  launch_template {
    id = aws_launch_template.nodes.id
  }
  instance_refresh {
    strategy = "Rolling"
  }
  tag {
    key                 = "Name"
    value               = "batch"
    propagate_at_launch = true
  }
}
