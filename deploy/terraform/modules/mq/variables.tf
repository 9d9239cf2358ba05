variable "name_prefix" {
  description = "Prefix of the broker, secret and security group names."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the broker."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets; a single-instance broker uses the first one."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups whose members may connect over AMQPS."
  type        = list(string)
}

variable "instance_type" {
  description = "Broker instance type, e.g. mq.t3.micro (single instance only) or mq.m5.large."
  type        = string
}

variable "deployment_mode" {
  description = "SINGLE_INSTANCE or CLUSTER_MULTI_AZ (three nodes, needs an mq.m5 type)."
  type        = string
}

variable "engine_version" {
  description = "RabbitMQ engine version offered by Amazon MQ, e.g. 3.13."
  type        = string
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once)."
  type        = number
}
