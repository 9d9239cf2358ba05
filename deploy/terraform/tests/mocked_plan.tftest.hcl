# Evaluates the whole configuration without an AWS account: every resource and data source is
# mocked, so plan and apply run offline once `terraform init` has downloaded the providers.
# Run from deploy/terraform: terraform init -backend=false && terraform test

mock_provider "random" {}

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"] }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }

  # The provider checks ARN syntax, so mocked ARNs must look real.
  mock_resource "aws_lb" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mock/1" }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mock/1" }
  }
  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/mock/1/2" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mock-AbCdEf", id = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mock-AbCdEf" }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/mock", id = "arn:aws:ecs:eu-west-1:123456789012:cluster/mock" }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock:1" }
  }
  mock_resource "aws_service_discovery_service" {
    defaults = { arn = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-mock" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::mock" }
  }
  mock_resource "aws_dynamodb_table" {
    defaults = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/mock" }
  }
  mock_resource "aws_ecr_repository" {
    defaults = { arn = "arn:aws:ecr:eu-west-1:123456789012:repository/mock" }
  }
  mock_resource "aws_ssm_parameter" {
    defaults = { arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/mock" }
  }
  mock_resource "aws_cognito_user_pool" {
    defaults = { arn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_mock" }
  }
  mock_resource "aws_mq_broker" {
    defaults = { instances = [{ console_url = "https://mock", ip_address = "", endpoints = ["amqps://b-1234.mq.eu-west-1.amazonaws.com:5671"] }] }
  }
}

variables {
  domain_name           = "photos.example.com"
  certificate_arn       = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  cognito_domain_prefix = "photos-example-dev"
  image_tag             = "0123abc"
}

run "defaults_deploy_every_service_but_identity" {
  command = apply

  assert {
    condition     = sort(keys(output.ecr_repository_urls)) == sort(["albums", "processing", "metadata", "recognition", "thumbnail", "notification", "gateway", "web"])
    error_message = "Expected one repository per ECS service and none for identity."
  }

  assert {
    condition     = output.photo_bucket_name == "imagerec-dev-photos-123456789012"
    error_message = "The default bucket name carries the prefix and the account id."
  }

  assert {
    condition     = output.cognito_hosted_ui_url == "https://photos-example-dev.auth.eu-west-1.amazoncognito.com"
    error_message = "Unexpected hosted UI URL."
  }

  assert {
    condition     = module.service["albums"].log_group_name == "/ecs/imagerec-dev/albums"
    error_message = "Unexpected log group of albums."
  }
}

run "redis_and_a_nat_gateway_per_az" {
  command = apply

  variables {
    enable_redis       = true
    single_nat_gateway = false
  }

  assert {
    condition     = length(module.network.private_subnet_ids) == 2
    error_message = "Two private subnets expected."
  }
}

run "rejects_an_invalid_fargate_size" {
  command = plan

  variables {
    service_sizes = { albums = { cpu = 256, memory = 4096, min_count = 1, max_count = 1 } }
  }

  expect_failures = [var.service_sizes]
}

run "rejects_a_malformed_region" {
  command = plan

  variables {
    aws_region = "Europe"
  }

  expect_failures = [var.aws_region]
}

run "rejects_a_cidr_without_prefix_length" {
  command = plan

  variables {
    vpc_cidr = "10.0.0.0"
  }

  expect_failures = [var.vpc_cidr]
}

run "rejects_a_cognito_prefix_with_a_reserved_word" {
  command = plan

  variables {
    cognito_domain_prefix = "my-cognito"
  }

  expect_failures = [var.cognito_domain_prefix]
}
