using Adapters.ContractTests.Backends;
using ImageRecognition.Albums.Persistence;

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

    protected abstract string ServiceUrl();

    protected override async Task CreateStoresAsync()
    {
        _tables = TestTables.For(ServiceUrl());
        var tables = new AlbumsTables(_tables.Options);
        await _tables.CreateAsync(token => tables.EnsureAsync(_tables.Client, token), tables.Albums, tables.Photos, tables.PhotoLabels, tables.PhotoHashBands);
        Albums = new DynamoDbAlbumStore(_tables.Client, tables);
        Photos = new DynamoDbPhotoStore(_tables.Client, tables);
        PhotosOfAnotherInstance = new DynamoDbPhotoStore(_tables.Client, tables);
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
