locals {
  default_target = one([for name, target in var.targets : name if length(target.path_patterns) == 0])
  routed_targets = sort([for name, target in var.targets : name if length(target.path_patterns) > 0])

  client_ports = { "443" = "HTTPS from clients", "80" = "HTTP from clients, redirected to HTTPS" }
}

resource "aws_security_group" "alb" {
  name        = "${var.name_prefix}-alb"
  description = "Public load balancer of ${var.name_prefix}"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = { for pair in setproduct(keys(local.client_ports), var.ingress_cidrs) : "${pair[0]} ${pair[1]}" => { port = pair[0], cidr = pair[1] } }

  security_group_id = aws_security_group.alb.id
  description       = local.client_ports[each.value.port]
  cidr_ipv4         = each.value.cidr
  ip_protocol       = "tcp"
  from_port         = tonumber(each.value.port)
  to_port           = tonumber(each.value.port)
}

resource "aws_vpc_security_group_egress_rule" "to_targets" {
  security_group_id = aws_security_group.alb.id
  description       = "To the target tasks"
  cidr_ipv4         = var.vpc_cidr
  ip_protocol       = "tcp"
  from_port         = var.container_port
  to_port           = var.container_port
}

resource "aws_lb" "this" {
  name                       = "${var.name_prefix}-alb"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  idle_timeout               = var.idle_timeout_seconds
  drop_invalid_header_fields = true
  enable_deletion_protection = false
}

resource "aws_lb_target_group" "this" {
  for_each = var.targets

  name                 = "${var.name_prefix}-${each.key}"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = var.container_port
  deregistration_delay = 30

  # A Blazor Server circuit lives in one task's memory: its reconnects and fallback
  # long-polling requests must reach the same task.
  dynamic "stickiness" {
    for_each = each.value.sticky ? [86400] : []

    content {
      type            = "lb_cookie"
      enabled         = true
      cookie_duration = stickiness.value
    }
  }

  health_check {
    path                = each.value.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  # Every request no path rule takes.
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[local.default_target].arn
  }
}

resource "aws_lb_listener_rule" "paths" {
  for_each = toset(local.routed_targets)

  listener_arn = aws_lb_listener.https.arn
  priority     = 10 * (index(local.routed_targets, each.key) + 1)

  condition {
    path_pattern {
      values = var.targets[each.key].path_patterns
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.key].arn
  }
}

resource "aws_route53_record" "alias" {
  count = var.route53_zone_id == null ? 0 : 1

  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
