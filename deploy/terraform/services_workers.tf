# The workers: they consume commands from RabbitMQ and answer with events. Each scales on CPU
# between min_count and max_count (service_sizes).

module "processing" {
  source = "./modules/ecs_service"

  name          = "processing"
  image         = "${module.ecr.repository_urls["processing"]}:${var.image_tag}"
  task_role_arn = module.iam.task_role_arns["processing"]
  cpu           = var.service_sizes["processing"].cpu
  memory        = var.service_sizes["processing"].memory
  min_count     = var.service_sizes["processing"].min_count
  max_count     = var.service_sizes["processing"].max_count
  environment   = local.common_environment
  secrets       = local.messaging_secrets

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

module "metadata" {
  source = "./modules/ecs_service"

  name          = "metadata"
  image         = "${module.ecr.repository_urls["metadata"]}:${var.image_tag}"
  task_role_arn = module.iam.task_role_arns["metadata"]
  cpu           = var.service_sizes["metadata"].cpu
  memory        = var.service_sizes["metadata"].memory
  min_count     = var.service_sizes["metadata"].min_count
  max_count     = var.service_sizes["metadata"].max_count
  environment   = local.common_environment
  secrets       = merge(local.messaging_secrets, local.blob_store_secrets)

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

# Amazon Rekognition DetectLabels with the limits of the reference sample.
module "recognition" {
  source = "./modules/ecs_service"

  name          = "recognition"
  image         = "${module.ecr.repository_urls["recognition"]}:${var.image_tag}"
  task_role_arn = module.iam.task_role_arns["recognition"]
  cpu           = var.service_sizes["recognition"].cpu
  memory        = var.service_sizes["recognition"].memory
  min_count     = var.service_sizes["recognition"].min_count
  max_count     = var.service_sizes["recognition"].max_count
  environment = merge(local.common_environment, {
    Recognition__Provider      = "Rekognition"
    Recognition__MaxLabels     = "10"
    Recognition__MinConfidence = "60"
  })
  secrets = merge(local.messaging_secrets, local.blob_store_secrets)

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

module "thumbnail" {
  source = "./modules/ecs_service"

  name          = "thumbnail"
  image         = "${module.ecr.repository_urls["thumbnail"]}:${var.image_tag}"
  task_role_arn = module.iam.task_role_arns["thumbnail"]
  cpu           = var.service_sizes["thumbnail"].cpu
  memory        = var.service_sizes["thumbnail"].memory
  min_count     = var.service_sizes["thumbnail"].min_count
  max_count     = var.service_sizes["thumbnail"].max_count
  environment   = local.common_environment
  secrets       = merge(local.messaging_secrets, local.blob_store_secrets)

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
