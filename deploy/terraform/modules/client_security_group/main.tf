# A security group for a managed service inside the VPC (Amazon MQ, ElastiCache) that admits
# only the members of the client groups, on the service's one port.
resource "aws_security_group" "this" {
  name        = var.name
  description = var.description
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  # count, not for_each: the group ids are unknown until apply, their number is not.
  count = length(var.client_security_group_ids)

  security_group_id            = aws_security_group.this.id
  description                  = var.rule_description
  referenced_security_group_id = var.client_security_group_ids[count.index]
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
}
