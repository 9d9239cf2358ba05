
namespace ImageRecognition.Web.Api;

/// <summary>The API said no, with a message a person can read (from its problem details).</summary>
public sealed class ApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
