output "connection_string_secret_arn" {
  description = "Secrets Manager secret holding the StackExchange.Redis connection string."
  value       = aws_secretsmanager_secret.connection_string.arn
  depends_on  = [aws_secretsmanager_secret_version.connection_string]
}
