using Amazon;
using Amazon.Runtime;

namespace ImageRecognition.ServiceDefaults.Aws;

/// <summary>
/// Points an AWS SDK client at an emulator (s3rver, dynalite, LocalStack) when a service URL is given,
/// otherwise at AWS. Credentials always come from the SDK's default chain (environment variables such as
/// <c>AWS_ACCESS_KEY_ID=local</c> for emulators, the task role on ECS), never from our configuration.
/// </summary>
public static class AwsClientConfiguration
{
    /// <summary>Region the request signature names when an emulator is used and none was configured.</summary>
    public const string EmulatorRegion = "us-east-1";

    public static TConfig Apply<TConfig>(TConfig config, string? serviceUrl, string? region)
        where TConfig : ClientConfig
    {
        if (!string.IsNullOrWhiteSpace(serviceUrl))
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(region) ? EmulatorRegion : region;
        }
        else if (!string.IsNullOrWhiteSpace(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return config;
    }
}
