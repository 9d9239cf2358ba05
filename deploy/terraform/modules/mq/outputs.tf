output "host" {
  description = "Host name of the broker's AMQPS endpoint (port 5671, TLS)."
  # The endpoint reads amqps://b-xxxx.mq.<region>.amazonaws.com:5671; the services take host and port apart.
  value = regex("^amqps://([^:/]+)", aws_mq_broker.this.instances[0].endpoints[0])[0]
}

output "port" {
  description = "AMQPS port."
  value       = 5671
}

output "secret_arn" {
  description = "Secrets Manager secret with the JSON keys username and password."
  value       = aws_secretsmanager_secret.broker.arn
  # Tasks read the secret at start: it must hold a value by then.
  depends_on = [aws_secretsmanager_secret_version.broker]
}
