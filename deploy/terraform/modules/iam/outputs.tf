output "execution_role_arn" {
  description = "Task execution role shared by every service."
  value       = aws_iam_role.execution.arn
  # Tasks started before the policy exists fail to pull their image.
  depends_on = [aws_iam_role_policy.execution]
}

output "task_role_arns" {
  description = "Task role per service name."
  value       = { for name, role in aws_iam_role.task : name => role.arn }
  depends_on  = [aws_iam_role_policy.task]
}
