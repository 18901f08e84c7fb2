# Three security groups, each admitting only the tier in front of it:
#
#   alb    443 and 80 from alb_ingress_cidr_blocks (the internet): the only group open to the world
#   nodes  the ingress controller's NodePorts from alb; everything from other nodes. The EKS module adds the
#          cluster security group to the nodes as well (control plane <-> kubelet, webhooks).
#   data   from nodes only. Each data store module (redis, kafka, mongodb) also puts its own group, with its
#          own port, in front of its endpoints; this one is for what has none (e.g. an interface endpoint).
#
# Rules are separate resources (aws_vpc_security_group_*_rule), never inline, so that the EKS module can add
# its own without Terraform fighting over the groups' rule lists.

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Internet-facing load balancer: HTTPS, and HTTP that only redirects to HTTPS"
  vpc_id      = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each = toset(var.alb_ingress_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from clients (and CloudFront)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each = toset(var.alb_ingress_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  description       = "HTTP from clients: the listener only redirects to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.value

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_nodes" {
  for_each = toset([for port in var.ingress_node_ports : tostring(port)])

  security_group_id            = aws_security_group.alb.id
  description                  = "Requests and health checks to the ingress controller's NodePort"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.nodes.id

  tags = var.tags
}

resource "aws_security_group" "nodes" {
  name        = "${var.name}-nodes"
  description = "EKS worker nodes and their pods: from the load balancer and from each other only"
  vpc_id      = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-nodes" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "nodes_from_alb" {
  for_each = toset([for port in var.ingress_node_ports : tostring(port)])

  security_group_id            = aws_security_group.nodes.id
  description                  = "The load balancer to the ingress controller's NodePort"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.alb.id

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "nodes_from_nodes" {
  security_group_id            = aws_security_group.nodes.id
  description                  = "Node to node and pod to pod (kube-proxy, CoreDNS, the services' own traffic)"
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.nodes.id

  tags = var.tags
}

# Egress stays open: nodes pull images (ECR, ghcr.io), call AWS APIs and MongoDB Atlas through the NAT
# gateways or the VPC endpoints. Restricting it is a NetworkPolicy / egress-firewall concern.
resource "aws_vpc_security_group_egress_rule" "nodes_all" {
  security_group_id = aws_security_group.nodes.id
  description       = "All outbound"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"

  tags = var.tags
}

resource "aws_security_group" "data" {
  name        = "${var.name}-data"
  description = "Data tier endpoints: reachable from the EKS nodes only"
  vpc_id      = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-data" })

  lifecycle {
    create_before_destroy = true
  }
}

# 1024-65535 covers Redis (6379), MSK (9094/9096/9098) and the per-node ports of a MongoDB Atlas PrivateLink
# endpoint; the source, not the port, is what this group restricts.
resource "aws_vpc_security_group_ingress_rule" "data_from_nodes" {
  security_group_id            = aws_security_group.data.id
  description                  = "Data store ports from the EKS nodes and pods"
  ip_protocol                  = "tcp"
  from_port                    = 1024
  to_port                      = 65535
  referenced_security_group_id = aws_security_group.nodes.id

  tags = var.tags
}

resource "aws_security_group" "endpoints" {
  name        = "${var.name}-vpc-endpoints"
  description = "Interface VPC endpoints: HTTPS from inside the VPC"
  vpc_id      = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-vpc-endpoints" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_vpc" {
  security_group_id = aws_security_group.endpoints.id
  description       = "HTTPS to the AWS APIs from inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = aws_vpc.this.cidr_block

  tags = var.tags
}
