output "dns_name" {
  description = "DNS name of the load balancer (point domain_name at it when Route 53 is not used)."
  value       = aws_lb.this.dns_name
}

output "security_group_id" {
  description = "Security group of the load balancer."
  value       = aws_security_group.alb.id
}

output "target_group_arns" {
  description = "Target group per target name."
  value       = { for name, group in aws_lb_target_group.this : name => group.arn }
  # ECS refuses a target group that no listener uses yet; hand them out only once the rules exist.
  depends_on = [aws_lb_listener.https, aws_lb_listener_rule.paths]
}
