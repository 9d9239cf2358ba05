

variable "aws_region" {
  description = "AWS region to deploy to, e.g. eu-west-1."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like eu-west-1 or us-gov-west-1."
  }
}

variable "project" {
  description = "Project name; with environment it prefixes every resource name."
  type        = string
  default     = "imagerec"

  validation {
    # Target group names allow 32 characters: <project>-<environment>-gateway must fit.
    condition     = can(regex("^[a-z][a-z0-9-]{1,13}$", var.project))
    error_message = "project must be 2-14 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name, e.g. dev, staging, prod."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,7}$", var.environment))
    error_message = "environment must be 2-8 lowercase letters or digits, starting with a letter."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC (/16 to /22); it is cut into four equal subnets per /4."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 22, false)
    error_message = "vpc_cidr must be an IPv4 CIDR block between /16 and /22."
  }
}

variable "single_nat_gateway" {
  description = "Use one NAT gateway for both AZs (about half the NAT cost; private subnets lose egress if its AZ fails)."
  type        = bool
  default     = true
}

variable "domain_name" {
  description = "Host name of the web UI, e.g. photos.example.com; the certificate must cover it."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase DNS host name such as photos.example.com."
  }
}

variable "certificate_arn" {
  description = "ARN of an ACM certificate for domain_name, in aws_region."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone of domain_name to create an alias record in; null to point DNS at the ALB yourself."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a hosted zone id such as Z0123456789ABCDEFGHIJ, or null."
  }
}

variable "alb_ingress_cidrs" {
  description = "Client IPv4 CIDRs allowed to reach the load balancer."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.alb_ingress_cidrs) > 0 && alltrue([for cidr in var.alb_ingress_cidrs : can(cidrnetmask(cidr))])
    error_message = "alb_ingress_cidrs must be a non-empty list of IPv4 CIDR blocks."
  }
}

variable "alb_idle_timeout_seconds" {
  description = "ALB idle timeout; WebSockets (SignalR, Blazor Server) are cut after this long without traffic."
  type        = number
  default     = 3600

  validation {
    condition     = var.alb_idle_timeout_seconds >= 60 && var.alb_idle_timeout_seconds <= 4000
    error_message = "alb_idle_timeout_seconds must be between 60 and 4000."
  }
}

variable "photo_bucket_name" {
  description = "Name of the photo bucket; null picks <project>-<environment>-photos-<account id>."
  type        = string
  default     = null

  validation {
    condition     = var.photo_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.photo_bucket_name))
    error_message = "photo_bucket_name must be 3-63 lowercase letters, digits, dots and hyphens."
  }
}

variable "enable_photo_versioning" {
  description = "Keep earlier versions of overwritten or deleted photos (noncurrent versions expire after 30 days)."
  type        = bool
  default     = false
}

variable "force_destroy" {
  description = "Let terraform destroy delete the photo bucket and ECR repositories although they still hold objects and images."
  type        = bool
  default     = false
}

variable "dynamodb_table_prefix" {
  description = "Prepended to the table names Albums, Photos, PhotoLabels, PhotoHashBands, PhotoActivity, ProcessingSagas (e.g. dev-); empty for the plain names."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{0,64}$", var.dynamodb_table_prefix))
    error_message = "dynamodb_table_prefix may hold up to 64 letters, digits, '_', '.' and '-'."
  }
}

variable "deletion_protection" {
  description = "Protect the DynamoDB tables and the Cognito user pool from deletion (terraform destroy then fails on them)."
  type        = bool
  default     = false
}

variable "mq_instance_type" {
  description = "Amazon MQ broker instance type; mq.t3.micro suits development (single instance only)."
  type        = string
  default     = "mq.t3.micro"

  validation {
    condition     = can(regex("^mq\\.[a-z0-9]+\\.[a-z0-9]+$", var.mq_instance_type))
    error_message = "mq_instance_type must be an Amazon MQ type such as mq.t3.micro or mq.m5.large."
  }
}

variable "mq_deployment_mode" {
  description = "SINGLE_INSTANCE or CLUSTER_MULTI_AZ (a three-node cluster across AZs; needs an mq.m5 type)."
  type        = string
  default     = "SINGLE_INSTANCE"

  validation {
    condition     = contains(["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"], var.mq_deployment_mode)
    error_message = "mq_deployment_mode must be SINGLE_INSTANCE or CLUSTER_MULTI_AZ."
  }
}

variable "mq_engine_version" {
  description = "RabbitMQ version offered by Amazon MQ."
  type        = string
  default     = "3.13"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$", var.mq_engine_version))
    error_message = "mq_engine_version must look like 3.13."
  }
}

variable "cognito_domain_prefix" {
  description = "Prefix of the Cognito hosted UI domain (<prefix>.auth.<region>.amazoncognito.com); unique in the region."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.cognito_domain_prefix)) && !can(regex("aws|amazon|cognito", var.cognito_domain_prefix))
    error_message = "cognito_domain_prefix must be lowercase letters, digits and hyphens (at most 63) and may not contain aws, amazon or cognito."
  }
}

variable "cognito_allow_self_sign_up" {
  description = "Let visitors create their own account on the hosted UI; false: only administrators create users."
  type        = bool
  default     = true
}

variable "enable_redis" {
  description = "Create ElastiCache Redis for the SignalR backplane (needed before running more than one Notification task)."
  type        = bool
  default     = false
}

variable "redis_node_type" {
  description = "ElastiCache node type when enable_redis is true."
  type        = string
  default     = "cache.t4g.micro"

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.redis_node_type))
    error_message = "redis_node_type must be an ElastiCache node type such as cache.t4g.micro."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted Secrets Manager secret can be restored; 0 deletes at once (handy for dev teardown)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}
