using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Albums.UnitTests;

/// <summary>The message bus every service gets from ServiceDefaults (tested here, beside its heaviest user).</summary>
public sealed class MessagingDefaultsTests
{
    [Fact]
    public void MassTransit_reports_no_usage_telemetry()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddMessaging(_ => { });
        using var host = builder.Build();

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
