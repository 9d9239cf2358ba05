output "dns_name" {
  description = "DNS name of the load balancer (point domain_name at it when Route 53 is not used)."
  value       = aws_lb.this.dns_name
}

output "security_group_id" {
  description = "Security group of the load balancer."
  value       = aws_security_group.alb.id
}

output "gateway_target_group_arn" {
  description = "Target group of the gateway (/api/*, /hubs/*)."
  value       = aws_lb_target_group.gateway.arn
  # ECS refuses a target group that no listener uses yet; hand it out only once the rule exists.
  depends_on = [aws_lb_listener_rule.gateway]
}

output "web_target_group_arn" {
  description = "Target group of the web UI (everything else)."
  value       = aws_lb_target_group.web.arn
  depends_on  = [aws_lb_listener.https]
}
