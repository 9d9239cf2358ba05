using System.Security.Cryptography;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Albums.Persistence;
using ImageRecognition.Contracts;
using Microsoft.Data.Sqlite;

namespace Albums.UnitTests;

/// <summary>An albums.db made before content hashes were recorded keeps working, and gains duplicate detection.</summary>
public sealed class AlbumsDatabaseUpgradeTests : IDisposable
{
    // The schema and a photo row exactly as the version before content hashes wrote them.
    const string SchemaBeforeContentHashes = """
        CREATE TABLE IF NOT EXISTS albums (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_albums_user ON albums (user_id, created_at);
        CREATE TABLE IF NOT EXISTS photos (
            id TEXT PRIMARY KEY,
            album_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,
            data TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_photos_album ON photos (user_id, album_id, uploaded_at);
        CREATE TABLE IF NOT EXISTS photo_labels (
            user_id TEXT NOT NULL,
            label TEXT NOT NULL,
            photo_id TEXT NOT NULL,
            PRIMARY KEY (user_id, label, photo_id));
        CREATE INDEX IF NOT EXISTS ix_photo_labels_photo ON photo_labels (photo_id);
        """;

    const string OldPhotoJson = """
        {"id":"0199a0b1-0000-7000-8000-000000000001","albumId":"0199a0b1-0000-7000-8000-0000000000aa","userId":"user-1",
        "fileName":"kite.jpg","originalKey":"private/user-1/uploads/0199a0b1-0000-7000-8000-000000000001","fileSize":12345,
        "uploadedAt":"2026-11-01T10:00:00+00:00","status":"Succeeded","step":null,"failure":null,"metadata":null,"labels":[],
        "thumbnail":null,"execution":[],"statusSequence":7,"run":1}
        """;

    // The version before perceptual hashes: content hashes indexed, no band table, thumbnails without a hash.
    const string SchemaBeforePerceptualHashes = SchemaBeforeContentHashes + """
        CREATE INDEX IF NOT EXISTS ix_photos_content ON photos (user_id, album_id, json_extract(data, '$.sha256'));
        """;

    const string PhotoJsonBeforePerceptualHashes = """
        {"id":"0199a0b1-0000-7000-8000-000000000001","albumId":"0199a0b1-0000-7000-8000-0000000000aa","userId":"user-1",
        "fileName":"kite.jpg","originalKey":"private/user-1/uploads/0199a0b1-0000-7000-8000-000000000001","fileSize":12345,
        "uploadedAt":"2026-11-01T10:00:00+00:00","sha256":"aa00000000000000000000000000000000000000000000000000000000000001",
        "status":"Succeeded","step":null,"failure":null,"metadata":null,"labels":[],
        "thumbnail":{"key":"private/user-1/resized/0199a0b1-0000-7000-8000-000000000001","width":250,"height":166},
        "execution":[],"statusSequence":7,"run":1}
        """;

    static readonly Guid OldPhotoId = Guid.Parse("0199a0b1-0000-7000-8000-000000000001");
    static readonly Guid AlbumId = Guid.Parse("0199a0b1-0000-7000-8000-0000000000aa");

    readonly string _folder = Directory.CreateTempSubdirectory("albums-upgrade-").FullName;

    string DatabasePath => Path.Combine(_folder, "albums.db");

    [Fact]
    public async Task A_database_of_the_previous_schema_opens_keeps_its_photos_and_finds_new_ones_by_content()
    {
        await CreateOldDatabaseAsync();

        var store = new SqlitePhotoStore(AlbumsDatabase.Open(DatabasePath));
        var old = await store.FindAsync(OldPhotoId);
        Assert.NotNull(old);
        Assert.Equal(("kite.jpg", PhotoStatus.Succeeded, 7L), (old.FileName, old.Status, old.StatusSequence));
        Assert.Null(old.Sha256);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData("new photo"u8));
        var added = new Photo
        {
            Id = Guid.NewGuid(),
            AlbumId = AlbumId,
            UserId = "user-1",
            FileName = "dog.jpg",
            OriginalKey = "private/user-1/uploads/x",
            FileSize = 9,
            UploadedAt = DateTimeOffset.UtcNow,
            Sha256 = sha256,
        };
        await store.AddAsync([added]);

        Assert.Equal([OldPhotoId, added.Id], (await store.ListByAlbumAsync("user-1", AlbumId)).Select(p => p.Id));
        Assert.Equal([added.Id], (await store.FindByContentAsync("user-1", AlbumId, [sha256])).Select(p => p.Id));
        // The lookup names its index (INDEXED BY): had the upgrade not made it, the lookup above would have failed.
        Assert.Contains("ix_photos_content", await IndexesOfPhotosAsync());
    }

    [Fact]
    public async Task Opening_the_upgraded_database_again_changes_nothing()
    {
        await CreateOldDatabaseAsync();
        var first = new SqlitePhotoStore(AlbumsDatabase.Open(DatabasePath));
        Assert.NotNull(await first.FindAsync(OldPhotoId));
        SqliteConnection.ClearAllPools();

        var second = new SqlitePhotoStore(AlbumsDatabase.Open(DatabasePath));

        Assert.Equal([OldPhotoId], (await second.ListByAlbumAsync("user-1", AlbumId)).Select(p => p.Id));
    }

    [Fact]
    public async Task Photos_of_a_database_made_before_perceptual_hashes_are_in_no_group_until_reprocessed()
    {
        await CreateOldDatabaseAsync(SchemaBeforePerceptualHashes, PhotoJsonBeforePerceptualHashes);

        var store = new SqlitePhotoStore(AlbumsDatabase.Open(DatabasePath));
        var old = await store.FindAsync(OldPhotoId);
        Assert.NotNull(old);
        Assert.Equal((250, 166), (old.Thumbnail!.Width, old.Thumbnail.Height));
        Assert.Null(old.PerceptualHash);

        const ulong hash = 0x9a3c_5e71_0f2d_b468;
        var added = new Photo
        {
            Id = Guid.NewGuid(),
            AlbumId = AlbumId,
            UserId = "user-1",
            FileName = "kite-copy.jpg",
            OriginalKey = "private/user-1/uploads/x",
            FileSize = 9,
            UploadedAt = DateTimeOffset.UtcNow,
            Thumbnail = new ImageRecognition.Contracts.ThumbnailInfo("private/user-1/resized/x", 250, 166, hash),
        };
        await store.AddAsync([added]);
        Assert.Equal([added.Id], (await store.FindByHashBandsAsync("user-1", hash)).Select(p => p.Id));
        Assert.Empty(await store.FindNearDuplicatesAsync("user-1"));

        // Reprocessing gives the old photo its hash with the new thumbnail: then it joins the group.
        await store.UpdateAsync(OldPhotoId, p => p.ResetForReprocess(DateTimeOffset.UtcNow));
        await store.UpdateAsync(OldPhotoId, p => p with { Thumbnail = old.Thumbnail with { PerceptualHash = hash ^ 1 } });
        Assert.Equal(new[] { OldPhotoId, added.Id }.Order(), (await store.FindNearDuplicatesAsync("user-1")).Select(p => p.Id).Order());
    }

    Task CreateOldDatabaseAsync() => CreateOldDatabaseAsync(SchemaBeforeContentHashes, OldPhotoJson);

    async Task CreateOldDatabaseAsync(string schema, string photoJson)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = schema + """
            INSERT INTO photos (id, album_id, user_id, uploaded_at, data)
            VALUES ($id, $album, 'user-1', '2026-11-01T10:00:00.0000000Z', $data);
            """;
        command.Parameters.AddWithValue("$id", OldPhotoId.ToString());
        command.Parameters.AddWithValue("$album", AlbumId.ToString());
        command.Parameters.AddWithValue("$data", photoJson.ReplaceLineEndings(""));
        await command.ExecuteNonQueryAsync();
    }

    async Task<List<string>> IndexesOfPhotosAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'photos' ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
