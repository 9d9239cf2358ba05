output "repository_urls" {
  description = "Repository URL per image name."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}

output "repository_arns" {
  description = "Repository ARNs, for the task execution role's pull permission."
  value       = [for repo in aws_ecr_repository.this : repo.arn]
}
