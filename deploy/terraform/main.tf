data "aws_caller_identity" "current" {}

locals {
  name_prefix    = "${var.project}-${var.environment}"
  web_origin     = "https://${var.domain_name}"
  container_port = 8080

  log_group_prefix = "/ecs/${local.name_prefix}"
  bucket_name      = coalesce(var.photo_bucket_name, "${local.name_prefix}-photos-${data.aws_caller_identity.current.account_id}")
}

module "network" {
  source = "./modules/network"

  name_prefix        = local.name_prefix
  vpc_cidr           = var.vpc_cidr
  single_nat_gateway = var.single_nat_gateway
}

module "ecr" {
  source = "./modules/ecr"

  name_prefix        = local.name_prefix
  image_names        = toset(local.service_names)
  keep_tagged_images = 20
  force_delete       = var.force_destroy
}

module "alb" {
  source = "./modules/alb"

  name_prefix          = local.name_prefix
  vpc_id               = module.network.vpc_id
  vpc_cidr             = module.network.vpc_cidr
  public_subnet_ids    = module.network.public_subnet_ids
  ingress_cidrs        = var.alb_ingress_cidrs
  certificate_arn      = var.certificate_arn
  idle_timeout_seconds = var.alb_idle_timeout_seconds
  container_port       = local.container_port
  targets              = local.load_balancer_targets
  domain_name          = var.domain_name
  route53_zone_id      = var.route53_zone_id
}

module "cluster" {
  source = "./modules/ecs_cluster"

  name_prefix                 = local.name_prefix
  vpc_id                      = module.network.vpc_id
  service_discovery_namespace = "${local.name_prefix}.internal"
  alb_security_group_id       = module.alb.security_group_id
  container_port              = local.container_port
}

module "storage" {
  source = "./modules/storage"

  bucket_name       = local.bucket_name
  web_origin        = local.web_origin
  enable_versioning = var.enable_photo_versioning
  force_destroy     = var.force_destroy
}

module "dynamodb" {
  source = "./modules/dynamodb"

  table_prefix        = var.dynamodb_table_prefix
  deletion_protection = var.deletion_protection
}

module "mq" {
  source = "./modules/mq"

  name_prefix                 = local.name_prefix
  vpc_id                      = module.network.vpc_id
  subnet_ids                  = module.network.private_subnet_ids
  client_security_group_ids   = [module.cluster.tasks_security_group_id]
  instance_type               = var.mq_instance_type
  deployment_mode             = var.mq_deployment_mode
  engine_version              = var.mq_engine_version
  secret_recovery_window_days = var.secret_recovery_window_days
}

module "cognito" {
  source = "./modules/cognito"

  name_prefix   = local.name_prefix
  domain_prefix = var.cognito_domain_prefix
  # ASP.NET Core's OpenID Connect handler defaults.
  callback_urls               = ["${local.web_origin}/signin-oidc"]
  logout_urls                 = ["${local.web_origin}/signout-callback-oidc", "${local.web_origin}/"]
  allow_self_sign_up          = var.cognito_allow_self_sign_up
  deletion_protection         = var.deletion_protection
  secret_recovery_window_days = var.secret_recovery_window_days
}

module "redis" {
  source = "./modules/redis"
  count  = var.enable_redis ? 1 : 0

  name_prefix                 = local.name_prefix
  vpc_id                      = module.network.vpc_id
  subnet_ids                  = module.network.private_subnet_ids
  client_security_group_ids   = [module.cluster.tasks_security_group_id]
  node_type                   = var.redis_node_type
  secret_recovery_window_days = var.secret_recovery_window_days
}

module "iam" {
  source = "./modules/iam"

  name_prefix         = local.name_prefix
  service_names       = toset(local.service_names)
  bucket_arn          = module.storage.bucket_arn
  albums_table_arns   = module.dynamodb.albums_table_arns
  photos_table_arn    = module.dynamodb.photos_table_arn
  saga_table_arn      = module.dynamodb.saga_table_arn
  ecr_repository_arns = module.ecr.repository_arns
  log_group_prefix    = local.log_group_prefix
  ssm_parameter_path  = local.ssm_parameter_path
  secret_arns = concat(
    [module.mq.secret_arn, module.cognito.client_secret_arn],
    [for redis in module.redis : redis.connection_string_secret_arn],
  )
}
