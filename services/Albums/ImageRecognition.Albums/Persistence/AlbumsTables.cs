using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ImageRecognition.ServiceDefaults.Data;
using static ImageRecognition.ServiceDefaults.Data.DynamoDbTables;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// The Albums service's DynamoDB tables (the same shapes Terraform creates on AWS):
/// <c>Albums</c> (userId, albumId); <c>Photos</c> (photoId) with the indexes <c>AlbumPhotos</c>
/// (albumId, uploadedAt) and the sparse <c>UnfinishedPhotos</c> (unfinished, uploadedAt), which holds
/// only photos still in progress; <c>PhotoLabels</c> (userLabel = "{userId}#{label}", photoId), the
/// label search index, read with Query and never with Scan; <c>PhotoHashBands</c> (userId, bandKey =
/// "{band}:{value}:{photoId}"), the near-duplicate band index (<see cref="DynamoDbPhotoHashBandIndex"/>);
/// and <c>PhotoActivity</c> (pk, sk): counts per state, finished
/// photos per minute and the status index of the photos not Succeeded (<see cref="DynamoDbPhotoActivity"/>), with
/// <c>expiresAt</c> as its time-to-live attribute.
/// </summary>
public sealed class AlbumsTables(DynamoDbOptions options)
{
    public const string AlbumPhotosIndex = "AlbumPhotos";
    public const string UnfinishedIndex = "UnfinishedPhotos";

    public string Albums { get; } = options.TableName("Albums");
    public string Photos { get; } = options.TableName("Photos");
    public string PhotoLabels { get; } = options.TableName("PhotoLabels");
    public string PhotoHashBands { get; } = options.TableName("PhotoHashBands");
    public string PhotoActivity { get; } = options.TableName("PhotoActivity");

    public IEnumerable<CreateTableRequest> Definitions()
    {
        yield return KeyedTable(Albums, "userId", "albumId");
        yield return new CreateTableRequest
        {
            TableName = Photos,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [StringAttribute("photoId"), StringAttribute("albumId"), StringAttribute("uploadedAt"), StringAttribute("unfinished")],
            KeySchema = Key("photoId"),
            GlobalSecondaryIndexes = [Index(AlbumPhotosIndex, "albumId", "uploadedAt"), Index(UnfinishedIndex, "unfinished", "uploadedAt")],
        };
        yield return KeyedTable(PhotoLabels, "userLabel", "photoId");
        yield return KeyedTable(PhotoHashBands, "userId", "bandKey");
        yield return KeyedTable(PhotoActivity, "pk", "sk");
    }

    public Task EnsureAsync(IAmazonDynamoDB client, CancellationToken cancellationToken = default)
        => DynamoDbTables.EnsureAsync(client, Definitions(), cancellationToken);
}
