output "table_names" {
  description = "Table name per logical table."
  value = {
    Albums          = aws_dynamodb_table.albums.name
    Photos          = aws_dynamodb_table.photos.name
    PhotoLabels     = aws_dynamodb_table.photo_labels.name
    PhotoHashBands  = aws_dynamodb_table.photo_hash_bands.name
    PhotoActivity   = aws_dynamodb_table.photo_activity.name
    ProcessingSagas = aws_dynamodb_table.processing_sagas.name
  }
}

output "albums_table_arns" {
  description = "Tables written only by the Albums service."
  value = [
    aws_dynamodb_table.albums.arn,
    aws_dynamodb_table.photos.arn,
    aws_dynamodb_table.photo_labels.arn,
    aws_dynamodb_table.photo_hash_bands.arn,
    aws_dynamodb_table.photo_activity.arn,
  ]
}

output "photos_table_arn" {
  description = "The photos table, which Albums scans once after an upgrade to count the photos stored before PhotoActivity."
  value       = aws_dynamodb_table.photos.arn
}

output "saga_table_arn" {
  description = "Table written only by the Processing service."
  value       = aws_dynamodb_table.processing_sagas.arn
}
