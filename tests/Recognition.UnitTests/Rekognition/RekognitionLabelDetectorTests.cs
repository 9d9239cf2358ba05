using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.Recognition.Worker.Aws;
using Microsoft.Extensions.Options;

namespace Recognition.UnitTests.Rekognition;

public sealed class RekognitionLabelDetectorTests
{
    [Fact]
    public async Task Labels_instances_and_parents_come_from_the_DetectLabels_answer()
    {
        await using var fixture = await RekognitionFixture.StartAsync();

        var labels = await fixture.Detector.DetectLabelsAsync(RekognitionFixture.OriginalKey);

        Assert.Equal(["Dog", "Person", "Grass"], labels.Select(l => l.Name));
        var dog = labels[0];
        Assert.Equal(98.71, dog.Confidence);
        Assert.Equal(["Animal", "Canine", "Mammal", "Pet"], dog.Parents);
        Assert.Equal(2, dog.Instances.Count);
        Assert.Equal(new LabelInstance(0.0912, 0.2104, 0.4125, 0.6831, 98.71), dog.Instances[0], InstanceComparer.Instance);
        Assert.Equal(new LabelInstance(0.6502, 0.4011, 0.2210, 0.3987, 87.02), dog.Instances[1], InstanceComparer.Instance);
        // Left -0.02 and width 0.31: the part past the image's edge is cut off.
        Assert.Equal(new LabelInstance(0, 0.05, 0.29, 0.9, 91.3), labels[1].Instances.Single(), InstanceComparer.Instance);
        Assert.Empty(labels[2].Instances);
        Assert.Equal(["Plant"], labels[2].Parents);
    }

    [Fact]
    public async Task The_call_is_a_JSON_1_1_DetectLabels_request_on_the_S3_object_signed_with_SigV4_for_rekognition()
    {
        await using var fixture = await RekognitionFixture.StartAsync();
        var before = DateTime.UtcNow;

        await fixture.Detector.DetectLabelsAsync(RekognitionFixture.OriginalKey);

        var call = Assert.Single(fixture.Stub.Calls);
        Assert.True(call.SignatureValid, "the signature does not match one recomputed from the SigV4 specification");
        var authorization = call.Authorization!;
        Assert.Equal(RekognitionFixture.AccessKey, authorization.AccessKey);
        Assert.Equal(RekognitionFixture.Region, authorization.Region);
        Assert.Equal("rekognition", authorization.Service);
        Assert.Subset(authorization.SignedHeaders.ToHashSet(), new HashSet<string> { "content-type", "host", "x-amz-date", "x-amz-target" });

        var signedAt = DateTime.ParseExact(call.Headers["x-amz-date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.InRange(signedAt, before.AddSeconds(-2), DateTime.UtcNow.AddSeconds(2));
        Assert.Equal(signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture), authorization.Date);
        Assert.Equal("RekognitionService.DetectLabels", call.Headers["x-amz-target"]);
        Assert.Equal("application/x-amz-json-1.1", call.Headers["content-type"]);
        Assert.Equal(SigV4Verifier.Hex(SHA256.HashData(Encoding.UTF8.GetBytes(call.Body))), call.Headers["x-amz-content-sha256"]);
        Assert.False(call.Headers.ContainsKey("x-amz-security-token"));

        Assert.Equal(
            """{"Image":{"S3Object":{"Bucket":"photos-bucket","Name":"private/user-1/uploads/0f8fad5b-d9cb-469f-a165-70867728950e"}},"MaxLabels":10,"MinConfidence":60}""",
            call.Body);
    }

    [Fact]
    public async Task Temporary_credentials_send_and_sign_their_session_token()
    {
        var credentials = new SessionAWSCredentials(RekognitionFixture.AccessKey, RekognitionFixture.SecretKey, "session-token-from-the-task-role");
        await using var fixture = await RekognitionFixture.StartAsync(credentials: credentials);

        await fixture.Detector.DetectLabelsAsync(RekognitionFixture.OriginalKey);

        var call = Assert.Single(fixture.Stub.Calls);
        Assert.True(call.SignatureValid);
        Assert.Equal("session-token-from-the-task-role", call.Headers["x-amz-security-token"]);
        Assert.Contains("x-amz-security-token", call.Authorization!.SignedHeaders);
    }

    [Fact]
    public async Task MaxLabels_and_MinConfidence_come_from_the_configuration()
    {
        await using var fixture = await RekognitionFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Recognition:MaxLabels"] = "5",
            ["Recognition:MinConfidence"] = "75.5",
        });

        await fixture.Detector.DetectLabelsAsync(RekognitionFixture.OriginalKey);

        using var body = JsonDocument.Parse(Assert.Single(fixture.Stub.Calls).Body);
        Assert.Equal(5, body.RootElement.GetProperty("MaxLabels").GetInt32());
        Assert.Equal(75.5, body.RootElement.GetProperty("MinConfidence").GetDouble());
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_after_a_wait_then_succeed()
    {
        await using var fixture = await RekognitionFixture.StartAsync();
        fixture.Stub.Answer(
            StubAnswer.Error(400, "ThrottlingException", "Rate exceeded"),
            StubAnswer.Error(400, "ProvisionedThroughputExceededException", "Provisioned rate exceeded"),
            StubAnswer.Error(500, "InternalServerError", "Internal server error"),
            StubAnswer.Ok(DetectLabelsSamples.Response));

        var labels = await fixture.Detector.DetectLabelsAsync(RekognitionFixture.OriginalKey);

        Assert.Equal(3, labels.Count);
        var calls = fixture.Stub.Calls.ToArray();
        Assert.Equal(4, calls.Length);
        Assert.All(calls, c => Assert.True(c.SignatureValid));
        // Base 40 ms, exponential with jitter (Polly's): each retry waits, never straight back at a throttled service.
        for (var retry = 1; retry < calls.Length; retry++)
        {
            var gap = calls[retry].ReceivedAt - calls[retry - 1].ReceivedAt;
            Assert.True(gap >= TimeSpan.FromMilliseconds(1), $"retry {retry} came after only {gap.TotalMilliseconds} ms");
        }
        Assert.True(calls[^1].ReceivedAt - calls[0].ReceivedAt >= TimeSpan.FromMilliseconds(40), "three retries waited less than one base delay together");
    }

    [Fact]
    public async Task Throttling_that_does_not_stop_fails_after_the_configured_attempts_with_the_AWS_error()
    {
        await using var fixture = await RekognitionFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Recognition:Rekognition:MaxAttempts"] = "3",
        });
        fixture.Stub.Answer(StubAnswer.Error(400, "LimitExceededException", "Too many concurrent jobs"));

        var error = await Assert.ThrowsAsync<RekognitionServiceException>(
            () => fixture.Detector.DetectLabelsAsync(RekognitionFixture.OriginalKey));

        Assert.Equal("LimitExceededException", error.ErrorType);
        Assert.Contains("Too many concurrent jobs", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, fixture.Stub.Calls.Count);
    }

    [Theory]
    [InlineData("InvalidImageFormatException", "Request has invalid image format", FailureCodes.InvalidImage)]
    [InlineData("ImageTooLargeException", "Image size is too large", FailureCodes.ImageTooLarge)]
    [InlineData("InvalidS3ObjectException", "Unable to get object metadata from S3", FailureCodes.InvalidImage)]
    public async Task An_image_Rekognition_refuses_is_rejected_with_its_failure_code_and_not_retried(string errorType, string message, string code)
    {
        await using var fixture = await RekognitionFixture.StartAsync();
        fixture.Stub.Answer(StubAnswer.Error(400, errorType, message));

        var rejected = await Assert.ThrowsAsync<ImageRejectedException>(
            () => fixture.Detector.DetectLabelsAsync(RekognitionFixture.OriginalKey));

        Assert.Equal(code, rejected.Code);
        Assert.Equal(code, rejected.Data[FailureCodes.ExceptionDataKey]);
        Assert.Contains(message, rejected.Message, StringComparison.Ordinal);
        Assert.Equal(errorType, Assert.IsType<RekognitionServiceException>(rejected.InnerException).ErrorType);
        Assert.Single(fixture.Stub.Calls);
    }

    [Fact]
    public async Task Access_denied_is_reported_with_the_AWS_error_type_and_message_and_not_retried()
    {
        await using var fixture = await RekognitionFixture.StartAsync();
        const string Denied = "User: arn:aws:sts::123456789012:assumed-role/recognition/task is not authorized to perform: rekognition:DetectLabels";
        fixture.Stub.Answer(StubAnswer.Error(400, "AccessDeniedException", Denied));

        var error = await Assert.ThrowsAsync<RekognitionServiceException>(
            () => fixture.Detector.DetectLabelsAsync(RekognitionFixture.OriginalKey));

        Assert.Equal("AccessDeniedException", error.ErrorType);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal($"Amazon Rekognition DetectLabels failed with 400 AccessDeniedException: {Denied}", error.Message);
        Assert.Single(fixture.Stub.Calls);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_refused_by_the_endpoint_and_reported()
    {
        await using var fixture = await RekognitionFixture.StartAsync(credentials: new BasicAWSCredentials(RekognitionFixture.AccessKey, "not-the-secret"));

        var error = await Assert.ThrowsAsync<RekognitionServiceException>(
            () => fixture.Detector.DetectLabelsAsync(RekognitionFixture.OriginalKey));

        Assert.Equal("InvalidSignatureException", error.ErrorType);
        Assert.False(Assert.Single(fixture.Stub.Calls).SignatureValid);
    }

    [Fact]
    public async Task Without_a_bucket_the_adapter_says_which_setting_is_missing()
    {
        await using var fixture = await RekognitionFixture.StartAsync(new Dictionary<string, string?> { ["BlobStore:BucketName"] = null });

        var error = Assert.Throws<OptionsValidationException>(() => fixture.Detector);

        Assert.Contains("Recognition:Rekognition:BucketName or BlobStore:BucketName", error.Message, StringComparison.Ordinal);
    }

    private sealed class InstanceComparer : IEqualityComparer<LabelInstance>
    {
        public static readonly InstanceComparer Instance = new();

        public bool Equals(LabelInstance? x, LabelInstance? y) =>
            x is not null && y is not null
            && Close(x.Left, y.Left) && Close(x.Top, y.Top) && Close(x.Width, y.Width) && Close(x.Height, y.Height)
            && Close(x.Confidence, y.Confidence);

        public int GetHashCode(LabelInstance obj) => 0;

        private static bool Close(double a, double b) => Math.Abs(a - b) < 1e-9;
    }
}
