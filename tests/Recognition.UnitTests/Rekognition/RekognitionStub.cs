using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Recognition.UnitTests.Rekognition;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) standing in for the Rekognition endpoint.
/// It records every call, checks its SigV4 signature with <see cref="SigV4Verifier"/> as AWS would
/// (refusing a bad one with 403 InvalidSignatureException), then plays the queued answers in order;
/// the last answer repeats.
/// </summary>
internal sealed class RekognitionStub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string secretKey;
    private readonly ConcurrentQueue<StubAnswer> answers = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private StubAnswer last = StubAnswer.Ok(DetectLabelsSamples.Response);

    private RekognitionStub(WebApplication app, string secretKey)
    {
        this.app = app;
        this.secretKey = secretKey;
    }

    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    public Uri Url => new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

    public static async Task<RekognitionStub> StartAsync(string secretKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var stub = new RekognitionStub(builder.Build(), secretKey);
        stub.app.MapPost("/", stub.HandleAsync);
        await stub.app.StartAsync();
        return stub;
    }

    /// <summary>Answers to give, in order, before the last one repeats.</summary>
    public void Answer(params StubAnswer[] queued)
    {
        foreach (var answer in queued)
        {
            answers.Enqueue(answer);
        }

        last = queued[^1];
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var authorization = SigV4Verifier.Parse(headers.GetValueOrDefault("authorization"));
        var signatureValid = authorization is not null
            && authorization.SignedHeaders.All(headers.ContainsKey)
            && headers.ContainsKey("x-amz-date")
            && SigV4Verifier.Compute(secretKey, authorization, context.Request.Method, headers, body) == authorization.Signature;
        Calls.Enqueue(new RecordedCall(clock.Elapsed, headers, Encoding.UTF8.GetString(body), authorization, signatureValid));

        var answer = signatureValid
            ? (answers.TryDequeue(out var next) ? next : last)
            : StubAnswer.Error(403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
        await answer.WriteAsync(context.Response);
    }
}

internal sealed record RecordedCall(
    TimeSpan ReceivedAt, IReadOnlyDictionary<string, string> Headers, string Body, SigV4Verifier.Authorization? Authorization, bool SignatureValid);

/// <summary>One answer of the stub, shaped as Rekognition's JSON 1.1 protocol sends it.</summary>
internal sealed record StubAnswer(int Status, string Body, string? ErrorTypeHeader)
{
    public static StubAnswer Ok(string body) => new(200, body, null);

    /// <summary>An error as Rekognition sends it: the type in <c>x-amzn-ErrorType</c> and in the body's <c>__type</c>.</summary>
    public static StubAnswer Error(int status, string type, string message) =>
        new(status, $$"""{"__type":"{{type}}","Message":"{{message}}"}""", $"{type}:http://internal.amazon.com/coral/com.amazonaws.rekognition/");

    public async Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        response.ContentType = "application/x-amz-json-1.1";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (ErrorTypeHeader is not null)
        {
            response.Headers["x-amzn-ErrorType"] = ErrorTypeHeader;
        }

        await response.WriteAsync(Body);
    }
}
