resource "aws_ecs_cluster" "this" {
  name = var.name_prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

# Services call each other by name (albums.<namespace>:8080), resolved by Cloud Map inside the VPC.
resource "aws_service_discovery_private_dns_namespace" "this" {
  name        = var.service_discovery_namespace
  description = "Service discovery for ${var.name_prefix}"
  vpc         = var.vpc_id
}

# One group for every task: the tasks talk to each other (gateway -> albums, web -> gateway, ...)
# and the load balancer reaches the HTTP ones; nothing else comes in.
resource "aws_security_group" "tasks" {
  name        = "${var.name_prefix}-tasks"
  description = "ECS tasks of ${var.name_prefix}"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "from_tasks" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "Service to service HTTP"
  referenced_security_group_id = aws_security_group.tasks.id
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
}

resource "aws_vpc_security_group_ingress_rule" "from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "Load balancer to gateway and web"
  referenced_security_group_id = var.alb_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
}

# Tasks reach ECR, CloudWatch, Cognito, Rekognition and Secrets Manager over HTTPS through the
# NAT gateway (S3 and DynamoDB through gateway endpoints), Amazon MQ and Redis inside the VPC.
resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.tasks.id
  description       = "Outbound to AWS APIs and in-VPC brokers"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
