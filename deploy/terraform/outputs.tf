output "web_url" {
  description = "URL of the web UI (domain_name must resolve to the load balancer)."
  value       = local.web_origin
}

output "alb_dns_name" {
  description = "DNS name of the load balancer; point domain_name at it (CNAME or alias) when route53_zone_id is not set."
  value       = module.alb.dns_name
}

output "cognito_user_pool_id" {
  description = "Id of the Cognito user pool."
  value       = module.cognito.user_pool_id
}

output "cognito_client_id" {
  description = "Id of the web app client."
  value       = module.cognito.client_id
}

output "cognito_hosted_ui_url" {
  description = "Hosted sign-up/sign-in UI domain."
  value       = module.cognito.hosted_ui_url
}

output "cognito_issuer" {
  description = "OpenID Connect authority of the user pool."
  value       = module.cognito.issuer
}

output "photo_bucket_name" {
  description = "Name of the photo bucket."
  value       = module.storage.bucket_name
}

output "ecr_repository_urls" {
  description = "ECR repository URL per service image."
  value       = module.ecr.repository_urls
}

output "dynamodb_table_names" {
  description = "DynamoDB table name per logical table."
  value       = module.dynamodb.table_names
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = module.cluster.cluster_name
}

output "ecs_service_log_groups" {
  description = "CloudWatch log group per ECS service."
  value       = { for name, service in module.service : name => service.log_group_name }
}

output "service_discovery_namespace" {
  description = "Cloud Map namespace; services reach each other at http://<service>.<namespace>:8080."
  value       = module.cluster.namespace_name
}

output "configuration_parameter_path" {
  description = "SSM Parameter Store path holding the deployment's configuration values."
  value       = local.ssm_parameter_path
}

output "rabbitmq_secret_arn" {
  description = "Secrets Manager secret with the broker's username and password."
  value       = module.mq.secret_arn
}

output "aws_region" {
  description = "Region everything was deployed to (for the AWS CLI commands of the README)."
  value       = var.aws_region
}
