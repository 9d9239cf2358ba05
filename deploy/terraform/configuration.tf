# Configuration reaches the containers as ASP.NET Core environment variables (Section__Key).
# Values that come out of this deployment live in SSM Parameter Store under one path, so an
# operator can read them in one place; credentials live in Secrets Manager. ECS injects both at
# task start through the execution role.

locals {
  ssm_parameter_path = "/${local.name_prefix}/"
  namespace          = module.cluster.namespace_name

  parameters = {
    BlobStore__BucketName     = module.storage.bucket_name
    Messaging__RabbitMq__Host = module.mq.host
    Identity__Authority       = module.cognito.issuer
    Identity__ClientId        = module.cognito.client_id
    Identity__HostedUiUrl     = module.cognito.hosted_ui_url
    # The web app signs in at the hosted UI; Cognito signs out at /logout, not an end-session endpoint.
    Web__LogoutUrl = "${module.cognito.hosted_ui_url}/logout"
    Web__SignUpUrl = "${module.cognito.hosted_ui_url}/signup?client_id=${module.cognito.client_id}&response_type=code&scope=openid+profile+email&redirect_uri=${urlencode("${local.web_origin}/signin-oidc")}"
  }

  # Adapter choices and fixed settings, the same for every service.
  common_environment = {
    ASPNETCORE_HTTP_PORTS       = tostring(local.container_port)
    AWS_REGION                  = var.aws_region
    Messaging__Transport        = "RabbitMQ"
    Messaging__RabbitMq__Port   = tostring(module.mq.port)
    Messaging__RabbitMq__UseSsl = "true"
    BlobStore__Provider         = "S3"
    Database__Provider          = "DynamoDB"
    Database__TablePrefix       = var.dynamodb_table_prefix
    Identity__Provider          = "Cognito"
    Telemetry__Environment      = var.environment
  }

  # For the services behind the ALB (gateway, web), which terminates TLS: trust X-Forwarded-Proto/For.
  behind_load_balancer = {
    ASPNETCORE_FORWARDEDHEADERS_ENABLED = "true"
  }

  parameter_arns = { for key, parameter in aws_ssm_parameter.config : key => parameter.arn }

  # What a service reads at start, by the groups its entry in local.services (services.tf) names.
  secret_groups = {
    messaging = {
      Messaging__RabbitMq__Host     = local.parameter_arns["Messaging__RabbitMq__Host"]
      Messaging__RabbitMq__Username = "${module.mq.secret_arn}:username::"
      Messaging__RabbitMq__Password = "${module.mq.secret_arn}:password::"
    }
    blob_store = {
      BlobStore__BucketName = local.parameter_arns["BlobStore__BucketName"]
    }
    token_validation = {
      Identity__Authority = local.parameter_arns["Identity__Authority"]
      Identity__ClientId  = local.parameter_arns["Identity__ClientId"]
    }
    # The web app's own sign-in at the hosted UI (authorization code flow), in the keys it reads (Web:*).
    sign_in = {
      Web__Authority    = local.parameter_arns["Identity__Authority"]
      Web__ClientId     = local.parameter_arns["Identity__ClientId"]
      Web__ClientSecret = module.cognito.client_secret_arn
      Web__LogoutUrl    = local.parameter_arns["Web__LogoutUrl"]
      Web__SignUpUrl    = local.parameter_arns["Web__SignUpUrl"]
    }
    # Empty when enable_redis is false: the services then run without a backplane.
    redis = { for redis in module.redis : "Redis__ConnectionString" => redis.connection_string_secret_arn }
  }
}

resource "aws_ssm_parameter" "config" {
  for_each = local.parameters

  name        = "${local.ssm_parameter_path}${each.key}"
  description = "${each.key} for the ${local.name_prefix} services"
  type        = "String"
  value       = each.value
}
