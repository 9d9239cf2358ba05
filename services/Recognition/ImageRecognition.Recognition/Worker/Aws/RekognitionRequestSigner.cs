using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace ImageRecognition.Recognition.Worker.Aws;

/// <summary>
/// Signs a JSON 1.1 call to Rekognition with Signature Version 4, using AWSSDK.Core's own signer: it
/// canonicalizes the request, hashes the body and derives the key exactly as the generated clients do.
/// </summary>
internal static class RekognitionRequestSigner
{
    public const string SigningService = "rekognition";

    private static readonly AWS4Signer Signer = new();

    /// <summary>The headers to send, Authorization and X-Amz-Date included, for this body and these credentials.</summary>
    public static IDictionary<string, string> Sign(
        Uri endpoint, string region, string target, byte[] body, ImmutableCredentials credentials)
    {
        var request = new DefaultRequest(new SignedCall(), SigningService)
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            ResourcePath = "/",
            Content = body,
            AuthenticationRegion = region,
            OverrideSigningServiceName = SigningService,
        };
        request.Headers["Content-Type"] = RekognitionProtocol.ContentType;
        request.Headers["X-Amz-Target"] = target;
        if (credentials.UseToken)
        {
            // Temporary credentials (an ECS task role): the session token is part of what is signed.
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var result = Signer.SignRequest(request, new SigningConfig(region, endpoint), new RequestMetrics(), credentials.AccessKey, credentials.SecretKey);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return request.Headers;
    }

    /// <summary>The signer reads only the call's headers, body and endpoint; the request object just has to exist.</summary>
    private sealed class SignedCall : AmazonWebServiceRequest;

    /// <summary>The few client settings the signer consults: the region, the service name, the endpoint.</summary>
    private sealed class SigningConfig : ClientConfig
    {
        private readonly Uri endpoint;

        public SigningConfig(string region, Uri endpoint)
            : base(null)
        {
            AuthenticationRegion = region;
            this.endpoint = endpoint;
        }

        public override string ServiceVersion => RekognitionProtocol.ApiVersion;

        public override string UserAgent => "ImageRecognition";

        public override string RegionEndpointServiceName => SigningService;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
            => new(endpoint.ToString());
    }
}
