using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ImageRecognition.Recognition.Worker.Aws;

internal static class RekognitionRegistration
{
    /// <summary>
    /// The Rekognition adapter as a typed HTTP client. Credentials come from the SDK's default chain
    /// (environment, profile, ECS task role...) unless the host registered its own <see cref="AWSCredentials"/>.
    /// </summary>
    public static void AddRekognitionLabelDetector(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RekognitionOptions>()
            .Bind(builder.Configuration.GetSection(RekognitionOptions.SectionName))
            .PostConfigure<IConfiguration>(FillFromSharedSettings)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RekognitionOptions>, RekognitionOptionsValidation>();

        services.AddSingleton<RekognitionLatestAnswer>();
        services.TryAddSingleton<AWSCredentials>(_ => DefaultAWSCredentialsIdentityResolver.GetCredentials(null));
        services.AddHttpClient<RekognitionLabelDetector>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("rekognition", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<RekognitionOptions>>().Value;
                // The only retry of a call: the workflow step does not retry a Rekognition error again.
                if (settings.MaxAttempts > 1)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = settings.MaxAttempts - 1,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true, // throttled workers must not retry in step
                        Delay = settings.RetryBaseDelay,
                        MaxDelay = settings.RetryMaxDelay,
                        ShouldHandle = args => RekognitionError.IsWorthRetryingAsync(args.Outcome),
                    });
                }
                pipeline.AddTimeout(settings.Timeout); // each call, not the calls together
            });
        services.AddTransient<ILabelDetector>(sp => sp.GetRequiredService<RekognitionLabelDetector>());
    }

    // The region and the bucket are the deployment's, already configured for the SDK and the blob store.
    private static void FillFromSharedSettings(RekognitionOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(options.Region))
        {
            options.Region = FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }

        if (string.IsNullOrWhiteSpace(options.BucketName))
        {
            options.BucketName = configuration["BlobStore:BucketName"];
        }
    }

    private sealed class RekognitionOptionsValidation : IValidateOptions<RekognitionOptions>
    {
        public ValidateOptionsResult Validate(string? name, RekognitionOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Recognition:Provider is Rekognition but {string.Join("; ", problems)}.");
        }
    }
}
