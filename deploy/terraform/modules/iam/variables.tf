variable "name_prefix" {
  description = "Prefix of the role names."
  type        = string
}

variable "service_names" {
  description = "Every ECS service; each gets its own task role."
  type        = set(string)
}

variable "bucket_arn" {
  description = "ARN of the photo bucket."
  type        = string
}

variable "albums_table_arns" {
  description = "Tables owned by Albums (their indexes are included)."
  type        = list(string)
}

variable "photos_table_arn" {
  description = "The photos table (one of albums_table_arns), which Albums may also scan."
  type        = string
}

variable "saga_table_arn" {
  description = "Table owned by Processing."
  type        = string
}

variable "ecr_repository_arns" {
  description = "Repositories the tasks pull from."
  type        = list(string)
}

variable "log_group_prefix" {
  description = "Every service's log group starts with this prefix."
  type        = string
}

variable "secret_arns" {
  description = "Secrets Manager secrets that containers read at start."
  type        = list(string)
}

variable "ssm_parameter_path" {
  description = "SSM parameter path (leading and trailing slash) that containers read at start."
  type        = string
}
