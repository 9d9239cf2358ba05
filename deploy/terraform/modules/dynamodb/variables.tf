variable "table_prefix" {
  description = "Prepended to every table name (empty: Albums, Photos, PhotoLabels, PhotoHashBands, PhotoActivity, ProcessingSagas)."
  type        = string
}

variable "deletion_protection" {
  description = "Refuse to delete the tables (terraform destroy fails until it is turned off)."
  type        = bool
}
