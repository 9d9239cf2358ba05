using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Recognition.UnitTests.Rekognition;

/// <summary>
/// Signature Version 4 recomputed from the specification with .NET's own HMAC and SHA-256, so the
/// adapter's signature (made by AWSSDK.Core) is checked by code that shares nothing with it.
/// </summary>
internal static partial class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The parts of an <c>Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c> header.</summary>
    public sealed record Authorization(string AccessKey, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature);

    public static Authorization? Parse(string? header)
    {
        var match = header is null ? null : AuthorizationPattern().Match(header);
        return match is not { Success: true }
            ? null
            : new Authorization(
                match.Groups["key"].Value,
                match.Groups["date"].Value,
                match.Groups["region"].Value,
                match.Groups["service"].Value,
                match.Groups["headers"].Value.Split(';'),
                match.Groups["signature"].Value);
    }

    /// <summary>The signature of a request whose path is <c>/</c> and which has no query string.</summary>
    public static string Compute(
        string secretKey, Authorization authorization, string method, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        var canonicalHeaders = string.Concat(authorization.SignedHeaders.Select(name => $"{name}:{Normalize(headers[name])}\n"));
        var canonicalRequest = string.Join('\n',
            method, "/", string.Empty, canonicalHeaders, string.Join(';', authorization.SignedHeaders), Hex(SHA256.HashData(body)));

        var scope = $"{authorization.Date}/{authorization.Region}/{authorization.Service}/aws4_request";
        var stringToSign = string.Join('\n',
            Algorithm, headers["x-amz-date"], scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), authorization.Date);
        key = Hmac(key, authorization.Region);
        key = Hmac(key, authorization.Service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLower(CultureInfo.InvariantCulture);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    // Trimmed, inner runs of spaces folded to one, as the specification canonicalizes header values.
    private static string Normalize(string value) => SpacesPattern().Replace(value.Trim(), " ");

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(" {2,}")]
    private static partial Regex SpacesPattern();
}
