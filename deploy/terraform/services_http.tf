# The HTTP services: the API, the hub, the reverse proxy in front of both, and the UI.

module "albums" {
  source = "./modules/ecs_service"

  name          = "albums"
  image         = "${module.ecr.repository_urls["albums"]}:${var.image_tag}"
  task_role_arn = module.iam.task_role_arns["albums"]
  cpu           = var.service_sizes["albums"].cpu
  memory        = var.service_sizes["albums"].memory
  min_count     = var.service_sizes["albums"].min_count
  max_count     = var.service_sizes["albums"].max_count
  environment   = local.common_environment
  secrets       = merge(local.messaging_secrets, local.blob_store_secrets, local.token_validation_secrets)

  cluster_id           = module.cluster.cluster_id
  cluster_name         = module.cluster.cluster_name
  namespace_id         = module.cluster.namespace_id
  subnet_ids           = module.network.private_subnet_ids
  security_group_ids   = [module.cluster.tasks_security_group_id]
  execution_role_arn   = module.iam.execution_role_arn
  cpu_architecture     = var.cpu_architecture
  cpu_target_percent   = var.autoscaling_cpu_target_percent
  container_port       = local.container_port
  health_check_command = var.container_health_check_command
  log_group_prefix     = local.log_group_prefix
  log_retention_days   = var.log_retention_days
}

# One task by default: SignalR connections stay on the task that negotiated them, and status
# events fan out to several tasks only through the Redis backplane (enable_redis).
module "notification" {
  source = "./modules/ecs_service"

  name          = "notification"
  image         = "${module.ecr.repository_urls["notification"]}:${var.image_tag}"
  task_role_arn = module.iam.task_role_arns["notification"]
  cpu           = var.service_sizes["notification"].cpu
  memory        = var.service_sizes["notification"].memory
  min_count     = var.service_sizes["notification"].min_count
  max_count     = var.service_sizes["notification"].max_count
  environment   = local.common_environment
  secrets       = merge(local.messaging_secrets, local.token_validation_secrets, local.redis_secrets)

  cluster_id           = module.cluster.cluster_id
  cluster_name         = module.cluster.cluster_name
  namespace_id         = module.cluster.namespace_id
  subnet_ids           = module.network.private_subnet_ids
  security_group_ids   = [module.cluster.tasks_security_group_id]
  execution_role_arn   = module.iam.execution_role_arn
  cpu_architecture     = var.cpu_architecture
  cpu_target_percent   = var.autoscaling_cpu_target_percent
  container_port       = local.container_port
  health_check_command = var.container_health_check_command
  log_group_prefix     = local.log_group_prefix
  log_retention_days   = var.log_retention_days
}

# /api/* and /hubs/* from the ALB; routes to albums and notification by their Cloud Map names.
module "gateway" {
  source = "./modules/ecs_service"

  name          = "gateway"
  image         = "${module.ecr.repository_urls["gateway"]}:${var.image_tag}"
  task_role_arn = module.iam.task_role_arns["gateway"]
  cpu           = var.service_sizes["gateway"].cpu
  memory        = var.service_sizes["gateway"].memory
  min_count     = var.service_sizes["gateway"].min_count
  max_count     = var.service_sizes["gateway"].max_count
  environment = merge(local.common_environment, local.behind_load_balancer, {
    ReverseProxy__Clusters__albums__Destinations__primary__Address       = "http://albums.${local.namespace}:${local.container_port}"
    ReverseProxy__Clusters__notification__Destinations__primary__Address = "http://notification.${local.namespace}:${local.container_port}"
  })
  secrets          = local.token_validation_secrets
  target_group_arn = module.alb.gateway_target_group_arn

  cluster_id           = module.cluster.cluster_id
  cluster_name         = module.cluster.cluster_name
  namespace_id         = module.cluster.namespace_id
  subnet_ids           = module.network.private_subnet_ids
  security_group_ids   = [module.cluster.tasks_security_group_id]
  execution_role_arn   = module.iam.execution_role_arn
  cpu_architecture     = var.cpu_architecture
  cpu_target_percent   = var.autoscaling_cpu_target_percent
  container_port       = local.container_port
  health_check_command = var.container_health_check_command
  log_group_prefix     = local.log_group_prefix
  log_retention_days   = var.log_retention_days
}

# Everything else from the ALB. One task by default: circuits live in memory (the ALB keeps a
# browser on its task) and, without Redis, so do the data protection keys of the sign-in cookie.
module "web" {
  source = "./modules/ecs_service"

  name          = "web"
  image         = "${module.ecr.repository_urls["web"]}:${var.image_tag}"
  task_role_arn = module.iam.task_role_arns["web"]
  cpu           = var.service_sizes["web"].cpu
  memory        = var.service_sizes["web"].memory
  min_count     = var.service_sizes["web"].min_count
  max_count     = var.service_sizes["web"].max_count
  environment = merge(local.common_environment, local.behind_load_balancer, {
    Gateway__BaseUrl = "http://gateway.${local.namespace}:${local.container_port}"
  })
  secrets = merge(local.token_validation_secrets, local.redis_secrets, {
    Identity__HostedUiUrl  = local.parameter_arns["Identity__HostedUiUrl"]
    Identity__ClientSecret = module.cognito.client_secret_arn
  })
  target_group_arn = module.alb.web_target_group_arn

  cluster_id           = module.cluster.cluster_id
  cluster_name         = module.cluster.cluster_name
  namespace_id         = module.cluster.namespace_id
  subnet_ids           = module.network.private_subnet_ids
  security_group_ids   = [module.cluster.tasks_security_group_id]
  execution_role_arn   = module.iam.execution_role_arn
  cpu_architecture     = var.cpu_architecture
  cpu_target_percent   = var.autoscaling_cpu_target_percent
  container_port       = local.container_port
  health_check_command = var.container_health_check_command
  log_group_prefix     = local.log_group_prefix
  log_retention_days   = var.log_retention_days
}
