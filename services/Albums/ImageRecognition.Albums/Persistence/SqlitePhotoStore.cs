using System.Text.Json;
using ImageRecognition.Albums.Domain;
using ImageRecognition.ServiceDefaults.Data;
using ImageRecognition.Contracts;
using Microsoft.Data.Sqlite;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// Photo records as JSON with the columns queries need. Updates run in an immediate transaction, so
/// the metadata, results and status consumers never lose each other's writes; the counts per state and the
/// finished photos per minute change in the same transaction, so they are always exact.
/// </summary>
public sealed class SqlitePhotoStore(SqliteDatabase database) : IPhotoStore
{

    public async Task AddAsync(IReadOnlyCollection<Photo> photos, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var photo in photos)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO photos (id, album_id, user_id, uploaded_at, data, status, status_since)
                VALUES ($id, $album, $user, $uploaded, $data, $status, $since)
                """;
            command.Parameters.AddWithValue("$id", photo.Id.ToString());
            command.Parameters.AddWithValue("$album", photo.AlbumId.ToString());
            command.Parameters.AddWithValue("$user", photo.UserId);
            command.Parameters.AddWithValue("$uploaded", SortableTime.Format(photo.UploadedAt));
            command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(photo, StoredJson.Options));
            command.Parameters.AddWithValue("$status", photo.Status.ToString());
            command.Parameters.AddWithValue("$since", SortableTime.Format(photo.StatusSince));
            await command.ExecuteNonQueryAsync(cancellationToken);
            await ReplaceHashBandsAsync(connection, transaction, photo, cancellationToken);
            await CountAsync(connection, transaction, null, photo, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<Photo?> FindAsync(Guid photoId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, photoId, cancellationToken);
    }

    public Task<IReadOnlyList<Photo>> ListByAlbumAsync(string userId, Guid albumId, CancellationToken cancellationToken = default)
        => QueryAsync("SELECT data FROM photos WHERE user_id = $user AND album_id = $album ORDER BY uploaded_at",
            command =>
            {
                command.Parameters.AddWithValue("$user", userId);
                command.Parameters.AddWithValue("$album", albumId.ToString());
            }, cancellationToken);

    public async Task<IReadOnlyList<Photo>> FindByContentAsync(string userId, Guid albumId, IReadOnlyCollection<string> sha256Hashes,
        CancellationToken cancellationToken = default)
    {
        if (sha256Hashes.Count == 0)
        {
            return [];
        }
        var hashes = sha256Hashes.Distinct(StringComparer.Ordinal).ToList();
        // Named, because without statistics SQLite prefers ix_photos_album and reads the whole album; naming it
        // also makes a missing or unusable index an error rather than a slow scan.
        var placeholders = string.Join(", ", hashes.Select((_, i) => $"$h{i}"));
        return await QueryAsync(
            $"SELECT data FROM photos INDEXED BY ix_photos_content WHERE user_id = $user AND album_id = $album AND json_extract(data, '$.sha256') IN ({placeholders}) ORDER BY uploaded_at",
            command =>
            {
                command.Parameters.AddWithValue("$user", userId);
                command.Parameters.AddWithValue("$album", albumId.ToString());
                for (var i = 0; i < hashes.Count; i++)
                {
                    command.Parameters.AddWithValue($"$h{i}", hashes[i]);
                }
            }, cancellationToken);
    }

    public Task<IReadOnlyList<Photo>> SearchByLabelAsync(string userId, string label, CancellationToken cancellationToken = default)
        => QueryAsync("""
            SELECT p.data FROM photo_labels l JOIN photos p ON p.id = l.photo_id
            WHERE l.user_id = $user AND l.label = $label ORDER BY p.uploaded_at DESC
            """,
            command =>
            {
                command.Parameters.AddWithValue("$user", userId);
                command.Parameters.AddWithValue("$label", NormalizeLabel(label));
            }, cancellationToken);

    public async Task<IReadOnlyList<Photo>> FindByHashBandsAsync(string userId, ulong hash, CancellationToken cancellationToken = default)
    {
        // One probe of the primary key per band; UNION drops a photo found in several bands.
        var probes = string.Join(" UNION ", HashBands.Of(hash).Select(b =>
            $"SELECT photo_id FROM photo_hash_bands WHERE user_id = $user AND band = {b.Band} AND value = {b.Value}"));
        return await QueryAsync($"SELECT p.data FROM photos p WHERE p.id IN ({probes})",
            command => command.Parameters.AddWithValue("$user", userId), cancellationToken);
    }

    public async Task<IReadOnlyList<Photo>> FindNearDuplicatesAsync(string userId, CancellationToken cancellationToken = default)
    {
        // The buckets holding more than one photo, read from the primary key alone (no photo record is read)...
        var entries = new List<HashBands.Entry>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT b.band, b.value, b.photo_id, b.hash FROM photo_hash_bands b
                JOIN (SELECT band, value FROM photo_hash_bands WHERE user_id = $user GROUP BY band, value HAVING COUNT(*) > 1) shared
                  ON shared.band = b.band AND shared.value = b.value
                WHERE b.user_id = $user
                """;
            command.Parameters.AddWithValue("$user", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new HashBands.Entry(reader.GetInt32(0), reader.GetInt32(1), Guid.Parse(reader.GetString(2)), unchecked((ulong)reader.GetInt64(3))));
            }
        }
        // ...then the records of the photos with a close neighbour only.
        var ids = HashBands.WithCloseNeighbours(entries).Select(id => id.ToString()).ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        return await QueryAsync("SELECT data FROM photos WHERE id IN (SELECT value FROM json_each($ids)) AND user_id = $user",
            command =>
            {
                command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
                command.Parameters.AddWithValue("$user", userId);
            }, cancellationToken);
    }

    public Task<IReadOnlyList<Photo>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
        => QueryAsync("SELECT data FROM photos WHERE status IN ('Pending', 'Running') ORDER BY uploaded_at",
            _ => { }, cancellationToken);

    public async Task<Photo?> UpdateAsync(Guid photoId, Func<Photo, Photo> change, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // IMMEDIATE takes the write lock at once: two updates of one photo queue instead of deadlocking.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await FindAsync(connection, transaction, photoId, cancellationToken);
        if (current is null)
        {
            return null;
        }
        var updated = change(current);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE photos SET data = $data, status = $status, status_since = $since WHERE id = $id";
            command.Parameters.AddWithValue("$id", photoId.ToString());
            command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(updated, StoredJson.Options));
            command.Parameters.AddWithValue("$status", updated.Status.ToString());
            command.Parameters.AddWithValue("$since", SortableTime.Format(updated.StatusSince));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await CountAsync(connection, transaction, current, updated, cancellationToken);
        if (!ReferenceEquals(current.Labels, updated.Labels))
        {
            await ReplaceLabelsAsync(connection, transaction, updated, cancellationToken);
        }
        if (current.PerceptualHash != updated.PerceptualHash)
        {
            await ReplaceHashBandsAsync(connection, transaction, updated, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    public async Task DeleteAsync(Guid photoId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (await FindAsync(connection, transaction, photoId, cancellationToken) is not { } photo)
        {
            return;
        }
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM photo_labels WHERE photo_id = $id; DELETE FROM photo_hash_bands WHERE photo_id = $id; DELETE FROM photos WHERE id = $id;";
            command.Parameters.AddWithValue("$id", photoId.ToString());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var scope in new[] { PhotoScope.Of(photo.UserId), PhotoScope.Everyone })
        {
            await AddToCountAsync(connection, transaction, scope, PhotoStates.KeyOf(photo), -1, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PhotoStateCount>> CountByStateAsync(PhotoScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, count FROM photo_counts WHERE scope = $scope AND count <> 0";
        command.Parameters.AddWithValue("$scope", scope.Key);
        var counts = new List<PhotoStateCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(PhotoStates.Parse(reader.GetString(0), reader.GetInt64(1)));
        }
        return counts;
    }

    public async Task<long> CountFinishedSinceAsync(PhotoScope scope, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(count), 0) FROM photo_finished WHERE scope = $scope AND minute >= $minute";
        command.Parameters.AddWithValue("$scope", scope.Key);
        command.Parameters.AddWithValue("$minute", PhotoStates.MinuteOf(since));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<IReadOnlyList<Photo>> ListByStatusAsync(PhotoScope scope, PhotoStatus status, bool newestFirst, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (status == PhotoStatus.Succeeded)
        {
            throw new ArgumentException("Succeeded photos are counted, not listed by status.", nameof(status));
        }
        // Named indexes: were they missing, this would fail rather than walk the table.
        var sql = scope.UserId is null
            ? "SELECT data FROM photos INDEXED BY ix_photos_status_all WHERE status = $status"
            : "SELECT data FROM photos INDEXED BY ix_photos_status WHERE user_id = $user AND status = $status";
        return QueryAsync($"{sql} ORDER BY status_since {(newestFirst ? "DESC" : "ASC")} LIMIT $limit", command =>
        {
            command.Parameters.AddWithValue("$user", (object?)scope.UserId ?? DBNull.Value);
            command.Parameters.AddWithValue("$status", status.ToString());
            command.Parameters.AddWithValue("$limit", limit);
        }, cancellationToken);
    }

    /// <summary>What a write changes in the counts: the state left and the one taken, for the user and everyone; a finished run's minute.</summary>
    static async Task CountAsync(SqliteConnection connection, SqliteTransaction transaction, Photo? before, Photo after, CancellationToken cancellationToken)
    {
        var (from, to) = (before is null ? null : PhotoStates.KeyOf(before), PhotoStates.KeyOf(after));
        foreach (var scope in new[] { PhotoScope.Of(after.UserId), PhotoScope.Everyone })
        {
            if (from != to)
            {
                if (from is not null)
                {
                    await AddToCountAsync(connection, transaction, scope, from, -1, cancellationToken);
                }
                await AddToCountAsync(connection, transaction, scope, to, +1, cancellationToken);
            }
            if (PhotoStates.Finishes(before, after))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO photo_finished (scope, minute, count) VALUES ($scope, $minute, 1)
                        ON CONFLICT (scope, minute) DO UPDATE SET count = count + 1;
                    DELETE FROM photo_finished WHERE scope = $scope AND minute < $oldest;
                    """;
                command.Parameters.AddWithValue("$scope", scope.Key);
                command.Parameters.AddWithValue("$minute", PhotoStates.MinuteOf(after.StatusSince));
                command.Parameters.AddWithValue("$oldest", PhotoStates.MinuteOf(after.StatusSince - PhotoStates.MinutesKept));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    static async Task AddToCountAsync(SqliteConnection connection, SqliteTransaction transaction, PhotoScope scope, string state, int delta,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO photo_counts (scope, state, count) VALUES ($scope, $state, $delta)
                ON CONFLICT (scope, state) DO UPDATE SET count = count + excluded.count
            """;
        command.Parameters.AddWithValue("$scope", scope.Key);
        command.Parameters.AddWithValue("$state", state);
        command.Parameters.AddWithValue("$delta", delta);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static string NormalizeLabel(string label) => PhotoSearchTerms.Normalize(label);

    /// <summary>Removes a photo's rows from one of the index tables (photo_labels, photo_hash_bands) before they are written again.</summary>
    static async Task DeleteIndexRowsAsync(SqliteConnection connection, SqliteTransaction transaction, string table, Guid photoId, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = $"DELETE FROM {table} WHERE photo_id = $id";
        delete.Parameters.AddWithValue("$id", photoId.ToString());
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task ReplaceLabelsAsync(SqliteConnection connection, SqliteTransaction transaction, Photo photo, CancellationToken cancellationToken)
    {
        await DeleteIndexRowsAsync(connection, transaction, "photo_labels", photo.Id, cancellationToken);

        foreach (var term in PhotoSearchTerms.Of(photo))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO photo_labels (user_id, label, photo_id) VALUES ($user, $label, $id)";
            insert.Parameters.AddWithValue("$user", photo.UserId);
            insert.Parameters.AddWithValue("$label", term);
            insert.Parameters.AddWithValue("$id", photo.Id.ToString());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    static async Task ReplaceHashBandsAsync(SqliteConnection connection, SqliteTransaction transaction, Photo photo, CancellationToken cancellationToken)
    {
        await DeleteIndexRowsAsync(connection, transaction, "photo_hash_bands", photo.Id, cancellationToken);
        if (photo.PerceptualHash is not { } hash)
        {
            return;
        }
        foreach (var (band, value) in HashBands.Of(hash))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO photo_hash_bands (user_id, band, value, photo_id, hash) VALUES ($user, $band, $value, $id, $hash)";
            insert.Parameters.AddWithValue("$user", photo.UserId);
            insert.Parameters.AddWithValue("$band", band);
            insert.Parameters.AddWithValue("$value", value);
            insert.Parameters.AddWithValue("$id", photo.Id.ToString());
            insert.Parameters.AddWithValue("$hash", unchecked((long)hash));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    static async Task<Photo?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, Guid photoId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT data FROM photos WHERE id = $id";
        command.Parameters.AddWithValue("$id", photoId.ToString());
        return await command.ExecuteScalarAsync(cancellationToken) is string data ? JsonSerializer.Deserialize<Photo>(data, StoredJson.Options) : null;
    }

    async Task<IReadOnlyList<Photo>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var photos = new List<Photo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            photos.Add(JsonSerializer.Deserialize<Photo>(reader.GetString(0), StoredJson.Options)!);
        }
        return photos;
    }
}
