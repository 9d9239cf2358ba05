variable "name_prefix" {
  description = "Prefix of the replication group, subnet group, secret and security group names."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the cache."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups whose members may connect."
  type        = list(string)
}

variable "node_type" {
  description = "ElastiCache node type, e.g. cache.t4g.micro."
  type        = string
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once)."
  type        = number
}
