output "cluster_id" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.id
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "namespace_id" {
  description = "Id of the Cloud Map private DNS namespace."
  value       = aws_service_discovery_private_dns_namespace.this.id
}

output "namespace_name" {
  description = "DNS name of the Cloud Map namespace."
  value       = aws_service_discovery_private_dns_namespace.this.name
}

output "tasks_security_group_id" {
  description = "Security group of every ECS task."
  value       = aws_security_group.tasks.id
}
