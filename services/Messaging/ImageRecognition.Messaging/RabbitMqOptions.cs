using System.ComponentModel.DataAnnotations;
using RabbitMQ.Client;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>The broker, bound from <c>Messaging:RabbitMq</c> when <c>Messaging:Transport</c> is <c>RabbitMQ</c>.</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "Messaging:RabbitMq";

    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65_535)]
    public ushort Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    /// <summary><c>guest</c> works on localhost only; a deployment sets its own user.</summary>
    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    public bool UseSsl { get; set; }

    /// <summary>A client connection of our own beside MassTransit's (queue depths, queue migration), named for the broker's list.</summary>
    public ConnectionFactory CreateConnectionFactory(string clientName) => new()
    {
        HostName = Host,
        Port = Port,
        VirtualHost = VirtualHost,
        UserName = Username,
        Password = Password,
        ClientProvidedName = clientName,
        Ssl = UseSsl
            ? new SslOption { Enabled = true, ServerName = Host, Version = System.Security.Authentication.SslProtocols.Tls12 }
            : new SslOption(),
    };
}
