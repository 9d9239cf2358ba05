using Amazon.DynamoDBv2;
using ImageRecognition.ServiceDefaults.Aws;

namespace ImageRecognition.ServiceDefaults.Data;

/// <summary>Bound from the <c>Database</c> section when <c>Database:Provider</c> is <c>DynamoDB</c>.</summary>
public sealed class DynamoDbOptions
{
    public const string SectionName = "Database";

    /// <summary>An emulator's endpoint (dynalite, LocalStack); empty means AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Empty means the SDK's region chain (<c>AWS_REGION</c>, the ECS task's region).</summary>
    public string? Region { get; set; }

    /// <summary>Put before every table name, so several environments can share one account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>Create missing tables at start-up: for emulators and local use; on AWS Terraform owns them.</summary>
    public bool CreateTables { get; set; }

    public string TableName(string table) => TablePrefix + table;

    public IAmazonDynamoDB CreateClient()
        => new AmazonDynamoDBClient(AwsClientConfiguration.Apply(new AmazonDynamoDBConfig(), ServiceUrl, Region));
}
