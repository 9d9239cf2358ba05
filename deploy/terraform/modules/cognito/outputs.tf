output "user_pool_id" {
  description = "Id of the user pool."
  value       = aws_cognito_user_pool.this.id
}

output "client_id" {
  description = "Id of the web app client."
  value       = aws_cognito_user_pool_client.web.id
}

output "client_secret_arn" {
  description = "Secrets Manager secret holding the web app client's secret (plain string)."
  value       = aws_secretsmanager_secret.web_client.arn
  depends_on  = [aws_secretsmanager_secret_version.web_client]
}

output "issuer" {
  description = "OpenID Connect issuer (authority); /.well-known/openid-configuration is below it."
  value       = "https://cognito-idp.${data.aws_region.current.name}.amazonaws.com/${aws_cognito_user_pool.this.id}"
}

output "hosted_ui_url" {
  description = "Base URL of the hosted sign-up/sign-in UI (also serves /logout, which Cognito does not advertise in its discovery document)."
  value       = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.name}.amazoncognito.com"
}
