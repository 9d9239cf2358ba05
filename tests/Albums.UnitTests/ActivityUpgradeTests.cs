using ImageRecognition.Albums.Domain;
using ImageRecognition.Albums.Persistence;
using ImageRecognition.Contracts;
using Microsoft.Data.Sqlite;

namespace Albums.UnitTests;

/// <summary>
/// An albums.db made before the Activity page (no status columns, no counts, no provenance) is migrated when first
/// opened: its photos are counted by state, listed by status, and their results count as outdated; once only.
/// </summary>
public sealed class ActivityUpgradeTests : IDisposable
{
    // The schema exactly as the version before the Activity page made it (user_version 0).
    const string SchemaBeforeActivity = """
        CREATE TABLE albums (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE INDEX ix_albums_user ON albums (user_id, created_at);
        CREATE TABLE photos (id TEXT PRIMARY KEY, album_id TEXT NOT NULL, user_id TEXT NOT NULL, uploaded_at TEXT NOT NULL, data TEXT NOT NULL);
        CREATE INDEX ix_photos_album ON photos (user_id, album_id, uploaded_at);
        CREATE INDEX ix_photos_content ON photos (user_id, album_id, json_extract(data, '$.sha256'));
        CREATE TABLE photo_labels (user_id TEXT NOT NULL, label TEXT NOT NULL, photo_id TEXT NOT NULL, PRIMARY KEY (user_id, label, photo_id));
        CREATE INDEX ix_photo_labels_photo ON photo_labels (photo_id);
        """;

    static readonly Guid Album = Guid.Parse("0199a0b1-0000-7000-8000-0000000000aa");

    // Records as that version wrote them: no statusChangedAt, no labelsMadeBy, a thumbnail without its rendering.
    static readonly (Guid Id, string User, string Uploaded, string Json)[] OldPhotos =
    [
        (Guid.Parse("0199a0b1-0000-7000-8000-000000000001"), "user-1", "2026-11-01T10:00:00.0000000Z",
            """{"status":"Succeeded","step":null,"failure":null,"labels":[{"name":"Kite","confidence":91,"instances":[],"parents":[]}],"thumbnail":{"key":"k","width":250,"height":188},"fileName":"kite.jpg"}"""),
        (Guid.Parse("0199a0b1-0000-7000-8000-000000000002"), "user-1", "2026-11-01T10:01:00.0000000Z",
            """{"status":"Failed","step":null,"failure":{"code":"NotSupportedImageType","message":"'giraffe.gif' is a GIF image"},"labels":[],"thumbnail":null,"fileName":"giraffe.gif"}"""),
        (Guid.Parse("0199a0b1-0000-7000-8000-000000000003"), "user-1", "2026-11-01T10:02:00.0000000Z",
            """{"status":"Running","step":"ExtractMetadata","failure":null,"labels":[],"thumbnail":null,"fileName":"dog.jpg"}"""),
        (Guid.Parse("0199a0b1-0000-7000-8000-000000000004"), "user-2", "2026-11-01T10:03:00.0000000Z",
            """{"status":"Succeeded","step":null,"failure":null,"labels":[],"thumbnail":{"key":"k","width":1,"height":1},"fileName":"eagle.jpg"}"""),
    ];

    readonly string _folder = Directory.CreateTempSubdirectory("albums-activity-upgrade-").FullName;

    string DatabasePath => Path.Combine(_folder, "albums.db");

    [Fact]
    public async Task Photos_of_the_old_schema_are_counted_listed_and_outdated_after_the_upgrade()
    {
        await CreateOldDatabaseAsync();

        var store = new SqlitePhotoStore(AlbumsDatabase.Open(DatabasePath));

        Assert.Equal(["Failed/NotSupportedImageType 1", "Running/ExtractMetadata 1", "Succeeded 1"], await CountsAsync(store, PhotoScope.Of("user-1")));
        Assert.Equal(["Failed/NotSupportedImageType 1", "Running/ExtractMetadata 1", "Succeeded 2"], await CountsAsync(store, PhotoScope.Everyone));
        Assert.Equal([OldPhotos[1].Id], (await store.ListByStatusAsync(PhotoScope.Of("user-1"), PhotoStatus.Failed, true, 10)).Select(p => p.Id));
        var running = Assert.Single(await store.ListByStatusAsync(PhotoScope.Everyone, PhotoStatus.Running, false, 10));
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T10:02:00Z", System.Globalization.CultureInfo.InvariantCulture), running.StatusSince); // when it changed was not recorded
        Assert.Equal([OldPhotos[2].Id], (await store.ListUnfinishedAsync()).Select(p => p.Id));
        Assert.Equal(0, await store.CountFinishedSinceAsync(PhotoScope.Everyone, DateTimeOffset.MinValue));

        var kite = (await store.FindAsync(OldPhotos[0].Id))!;
        Assert.Null(kite.LabelsMadeBy);
        Assert.Null(kite.Thumbnail!.Rendering);
        var labels = new LabelsProvenance("Onnx", [new ModelVersion("NanoDet", "nanodet_coco.onnx@0123456789ab")], "min confidence 60");
        Assert.True(kite.IsOutdated(labels, new ThumbnailRendering("skia/1", 250, "jpeg", 80)), "results made before provenance existed are outdated");

        // The migrated rows take part in every later write.
        await store.UpdateAsync(kite.Id, p => p.ResetForReprocess(DateTimeOffset.UtcNow));
        Assert.Equal(["Failed/NotSupportedImageType 1", "Pending 1", "Running/ExtractMetadata 1"], await CountsAsync(store, PhotoScope.Of("user-1")));
        Assert.Equal(1, await UserVersionAsync());
    }

    [Fact]
    public async Task Opening_the_migrated_database_again_migrates_nothing_twice()
    {
        await CreateOldDatabaseAsync();
        var first = new SqlitePhotoStore(AlbumsDatabase.Open(DatabasePath));
        var before = await CountsAsync(first, PhotoScope.Everyone);
        SqliteConnection.ClearAllPools();

        var second = new SqlitePhotoStore(AlbumsDatabase.Open(DatabasePath));

        Assert.Equal(before, await CountsAsync(second, PhotoScope.Everyone));
        Assert.Equal(4, (await second.ListByAlbumAsync("user-1", Album)).Count + (await second.ListByAlbumAsync("user-2", Album)).Count);
    }

    [Fact]
    public async Task A_new_database_starts_at_the_latest_version_with_nothing_counted()
    {
        var store = new SqlitePhotoStore(AlbumsDatabase.Open(DatabasePath));

        Assert.Empty(await store.CountByStateAsync(PhotoScope.Everyone));
        Assert.Equal(AlbumsDatabase.Migrations.Length, await UserVersionAsync());
    }

    static async Task<List<string>> CountsAsync(SqlitePhotoStore store, PhotoScope scope)
        => [.. (await store.CountByStateAsync(scope)).Select(c => $"{c.Status}{(c.Detail is null ? "" : "/" + c.Detail)} {c.Count}").Order(StringComparer.Ordinal)];

    async Task CreateOldDatabaseAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = SchemaBeforeActivity;
        await command.ExecuteNonQueryAsync();
        foreach (var (id, user, uploaded, json) in OldPhotos)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO photos (id, album_id, user_id, uploaded_at, data) VALUES ($id, $album, $user, $uploaded, $data)";
            insert.Parameters.AddWithValue("$id", id.ToString());
            insert.Parameters.AddWithValue("$album", Album.ToString());
            insert.Parameters.AddWithValue("$user", user);
            insert.Parameters.AddWithValue("$uploaded", uploaded);
            // The rest of the record, as that version wrote it.
            insert.Parameters.AddWithValue("$data", json.TrimEnd('}') + $$""","id":"{{id}}","albumId":"{{Album}}","userId":"{{user}}","originalKey":"private/{{user}}/uploads/{{id}}","fileSize":1,"uploadedAt":"{{uploaded}}","execution":[],"statusSequence":3,"run":1}""");
            await insert.ExecuteNonQueryAsync();
        }
    }

    async Task<long> UserVersionAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
