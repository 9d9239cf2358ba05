# Owned by Albums: one item per album of a user.
resource "aws_dynamodb_table" "albums" {
  name                        = "${var.table_prefix}Albums"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "userId"
  range_key                   = "albumId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "userId"
    type = "S"
  }

  attribute {
    name = "albumId"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

# Owned by Albums: one item per photo with its metadata, status, labels and thumbnail key.
resource "aws_dynamodb_table" "photos" {
  name                        = "${var.table_prefix}Photos"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "photoId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "photoId"
    type = "S"
  }

  attribute {
    name = "albumId"
    type = "S"
  }

  # ISO 8601 UTC text, so the sort order is the time order.
  attribute {
    name = "uploadedAt"
    type = "S"
  }

  # Present ("1") only while a photo is Pending or Running, so the index is sparse.
  attribute {
    name = "unfinished"
    type = "S"
  }

  # The gallery: an album's photos, newest or oldest first.
  global_secondary_index {
    name            = "AlbumPhotos"
    hash_key        = "albumId"
    range_key       = "uploadedAt"
    projection_type = "ALL"
  }

  # Recovery after a restart: the photos whose workflow has not finished, without a scan.
  global_secondary_index {
    name            = "UnfinishedPhotos"
    hash_key        = "unfinished"
    range_key       = "uploadedAt"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

# Owned by Albums: label search, one item per (user, label, photo); userLabel = "<userId>#<label>".
resource "aws_dynamodb_table" "photo_labels" {
  name                        = "${var.table_prefix}PhotoLabels"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "userLabel"
  range_key                   = "photoId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "userLabel"
    type = "S"
  }

  attribute {
    name = "photoId"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

# Owned by Albums: the near-duplicate band index, one item per (user, band of the perceptual hash, photo);
# bandKey = "<band>:<value>:<photoId>".
resource "aws_dynamodb_table" "photo_hash_bands" {
  name                        = "${var.table_prefix}PhotoHashBands"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "userId"
  range_key                   = "bandKey"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "userId"
    type = "S"
  }

  attribute {
    name = "bandKey"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

# Owned by Albums: what the Activity page and the operator's view read instead of the photos (pk, sk): photos per
# state ("user#<id>" or "all", "states"), finished photos per minute ("minute#<time>", expiring after a day) and an
# index of the photos not Succeeded by status ("<scope>#<status>", "<since>#<photoId>").
resource "aws_dynamodb_table" "photo_activity" {
  name                        = "${var.table_prefix}PhotoActivity"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

# Owned by Processing: one saga instance per photo (correlation id = photo id), with a version
# attribute for optimistic concurrency.
resource "aws_dynamodb_table" "processing_sagas" {
  name                        = "${var.table_prefix}ProcessingSagas"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "correlationId"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "correlationId"
    type = "S"
  }

  # Present only while a run is unfinished (sparse index); dueAt is its deadline, sortable text.
  attribute {
    name = "unfinished"
    type = "S"
  }

  attribute {
    name = "dueAt"
    type = "S"
  }

  # The deadline sweep and the resume after a restart, without a scan.
  global_secondary_index {
    name            = "UnfinishedSagas"
    hash_key        = "unfinished"
    range_key       = "dueAt"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}
