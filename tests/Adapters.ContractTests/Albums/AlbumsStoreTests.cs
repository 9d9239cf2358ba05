using Adapters.ContractTests.Backends;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Albums.Persistence;
using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults.Data;

namespace Adapters.ContractTests.Albums;

public sealed class SqliteAlbumsStoreTests : AlbumsStoreContract
{
    readonly string _folder = Directory.CreateTempSubdirectory("albums-contract-").FullName;

    protected override Task CreateStoresAsync()
    {
        var database = AlbumsDatabase.Open(Path.Combine(_folder, "albums.db"));
        Albums = new SqliteAlbumStore(database);
        Photos = new SqlitePhotoStore(database);
        PhotosOfAnotherInstance = new SqlitePhotoStore(AlbumsDatabase.Open(Path.Combine(_folder, "albums.db")));
        return Task.CompletedTask;
    }

    protected override Task DisposeStoresAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Shared by the dynalite and LocalStack variants: the tables come from the adapter's own creation code.</summary>
public abstract class DynamoDbAlbumsStoreTests : AlbumsStoreContract
{
    TestTables? _tables;
    AlbumsTables? _albumsTables;

    protected abstract string ServiceUrl();

    protected override async Task CreateStoresAsync()
    {
        _tables = TestTables.For(ServiceUrl());
        var tables = _albumsTables = new AlbumsTables(_tables.Options);
        await _tables.CreateAsync(token => tables.EnsureAsync(_tables.Client, token), tables.Albums, tables.Photos, tables.PhotoLabels, tables.PhotoHashBands, tables.PhotoActivity);
        Albums = new DynamoDbAlbumStore(_tables.Client, tables);
        Photos = new DynamoDbPhotoStore(_tables.Client, tables);
        PhotosOfAnotherInstance = new DynamoDbPhotoStore(_tables.Client, tables);
    }

    [SkippableFact]
    public async Task Photos_stored_before_the_activity_counts_existed_are_counted_once_when_the_backfill_runs()
    {
        var failed = new Photo
        {
            Id = Guid.NewGuid(),
            AlbumId = Guid.NewGuid(),
            UserId = "owner",
            FileName = "old.gif",
            OriginalKey = "private/owner/uploads/old",
            FileSize = 10,
            UploadedAt = DateTimeOffset.UtcNow.AddDays(-30),
            Status = PhotoStatus.Failed,
            Failure = new StepFailure(FailureCodes.NotSupportedImageType, "a GIF"),
        };
        var succeeded = failed with { Id = Guid.NewGuid(), FileName = "old.jpg", Status = PhotoStatus.Succeeded, Failure = null };
        foreach (var photo in new[] { failed, succeeded })
        {
            // The item exactly as the version before PhotoActivity wrote it: no "counted" attribute.
            await _tables!.Client.PutItemAsync(new PutItemRequest
            {
                TableName = _albumsTables!.Photos,
                Item = new()
                {
                    ["photoId"] = new AttributeValue(photo.Id.ToString()),
                    ["albumId"] = new AttributeValue(photo.AlbumId.ToString()),
                    ["userId"] = new AttributeValue(photo.UserId),
                    ["uploadedAt"] = new AttributeValue(SortableTime.Format(photo.UploadedAt)),
                    ["version"] = new AttributeValue { N = "3" },
                    ["data"] = new AttributeValue(JsonSerializer.Serialize(photo, StoredJson.Options)),
                },
            });
        }
        var store = (DynamoDbPhotoStore)Photos;
        Assert.Empty(await Photos.CountByStateAsync(PhotoScope.Of("owner")));
        // Until counted, a change of state of an old photo moves no count (the backfill counts it as it is then).
        await Photos.UpdateAsync(succeeded.Id, p => p with { FileName = "renamed.jpg" });

        Assert.Equal(2, await store.CountExistingPhotosAsync());
        Assert.Equal(0, await store.CountExistingPhotosAsync()); // once per table

        var counts = (await Photos.CountByStateAsync(PhotoScope.Of("owner"))).Select(c => (c.Status, c.Detail, c.Count)).Order().ToList();
        Assert.Equal([(PhotoStatus.Succeeded, (string?)null, 1L), (PhotoStatus.Failed, FailureCodes.NotSupportedImageType, 1L)],
            counts.OrderByDescending(c => c.Status == PhotoStatus.Succeeded));
        Assert.Equal([failed.Id], (await Photos.ListByStatusAsync(PhotoScope.Everyone, PhotoStatus.Failed, true, 10)).Select(p => p.Id));
        await Photos.UpdateAsync(failed.Id, p => p.ResetForReprocess(DateTimeOffset.UtcNow));
        Assert.Contains(await Photos.CountByStateAsync(PhotoScope.Of("owner")), c => c is { Status: PhotoStatus.Pending, Count: 1 });
        Assert.DoesNotContain(await Photos.CountByStateAsync(PhotoScope.Of("owner")), c => c.Status == PhotoStatus.Failed);
    }

    protected override async Task DisposeStoresAsync()
    {
        if (_tables is not null)
        {
            await _tables.DisposeAsync();
        }
    }
}

public sealed class DynaliteAlbumsStoreTests : DynamoDbAlbumsStoreTests
{
    protected override string ServiceUrl() => LocalEmulators.DynamoDbUrl;
}

[Collection(LocalStackCollection.Name)]
public sealed class LocalStackAlbumsStoreTests(LocalStackFixture localStack) : DynamoDbAlbumsStoreTests
{
    protected override string ServiceUrl()
    {
        localStack.SkipWithoutDocker();
        return localStack.Url;
    }
}
