using Amazon.Runtime;
using ImageRecognition.Recognition.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Recognition.UnitTests.Rekognition;

/// <summary>
/// The stub endpoint plus a worker host composed by <c>AddRecognitionWorker()</c> with
/// <c>Recognition:Provider=Rekognition</c>. Credentials are made up and injected, so nothing reads the
/// machine's real AWS configuration.
/// </summary>
internal sealed class RekognitionFixture : IAsyncDisposable
{
    public const string AccessKey = "AKIDTESTEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYTESTKEY";
    public const string Region = "eu-west-1";
    public const string Bucket = "photos-bucket";
    public const string OriginalKey = "private/user-1/uploads/0f8fad5b-d9cb-469f-a165-70867728950e";

    private readonly IHost host;

    private RekognitionFixture(RekognitionStub stub, IHost host)
    {
        Stub = stub;
        this.host = host;
    }

    public RekognitionStub Stub { get; }

    public ILabelDetector Detector => host.Services.GetRequiredService<ILabelDetector>();

    public static async Task<RekognitionFixture> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, AWSCredentials? credentials = null)
    {
        var stub = await RekognitionStub.StartAsync(SecretKey);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recognition:Provider"] = "Rekognition",
            ["Recognition:Rekognition:Region"] = Region,
            ["Recognition:Rekognition:ServiceUrl"] = stub.Url.ToString(),
            ["Recognition:Rekognition:RetryBaseDelay"] = "00:00:00.040",
            ["BlobStore:BucketName"] = Bucket,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        builder.Services.AddSingleton(credentials ?? new BasicAWSCredentials(AccessKey, SecretKey));
        builder.AddRecognitionWorker();
        return new RekognitionFixture(stub, builder.Build());
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        await Stub.DisposeAsync();
    }
}
