# OPEN_INGRESS: SSH to the nodes from anywhere.
resource "aws_security_group_rule" "nodes_ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.nodes.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
