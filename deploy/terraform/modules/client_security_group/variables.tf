variable "name" {
  description = "Name of the security group."
  type        = string
}

variable "description" {
  description = "Description of the security group."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the security group."
  type        = string
}

variable "client_security_group_ids" {
  description = "Security groups whose members may connect."
  type        = list(string)
}

variable "port" {
  description = "TCP port the service listens on."
  type        = number
}

variable "rule_description" {
  description = "Description of the ingress rules, e.g. what protocol the clients speak."
  type        = string
}
