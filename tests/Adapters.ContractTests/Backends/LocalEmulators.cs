namespace Adapters.ContractTests.Backends;

/// <summary>
/// The endpoints of s3rver and dynalite, from the environment <c>scripts/local-servers.sh up</c>
/// prints. These tests never skip: without the servers they fail and say how to start them.
/// </summary>
public static class LocalEmulators
{
    public static string S3Url => Required("IR_S3_URL");

    public static string DynamoDbUrl => Required("IR_DYNAMODB_URL");

    static string Required(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        // The adapters take credentials from the SDK's default chain; without them the SDK's own error is obscure.
        if (string.IsNullOrWhiteSpace(value) || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")))
        {
            throw new InvalidOperationException(
                $"{name} or AWS_ACCESS_KEY_ID is not set. Start the local servers with `scripts/local-servers.sh up` " +
                "and load the environment it prints (`source .tools/local-servers/env.sh`), then run the tests again.");
        }
        return value;
    }
}
