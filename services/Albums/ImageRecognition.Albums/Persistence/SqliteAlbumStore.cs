using System.Globalization;
using ImageRecognition.Albums.Domain;
using ImageRecognition.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;

namespace ImageRecognition.Albums.Persistence;

public sealed class SqliteAlbumStore(SqliteDatabase database) : IAlbumStore
{
    public async Task AddAsync(Album album, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO albums (id, user_id, name, created_at) VALUES ($id, $user, $name, $created)";
        command.Parameters.AddWithValue("$id", album.Id.ToString());
        command.Parameters.AddWithValue("$user", album.UserId);
        command.Parameters.AddWithValue("$name", album.Name);
        command.Parameters.AddWithValue("$created", SortableTime.Format(album.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Album?> FindAsync(string userId, Guid albumId, CancellationToken cancellationToken = default)
    {
        var albums = await QueryAsync("WHERE user_id = $user AND id = $id", userId, albumId, cancellationToken);
        return albums.SingleOrDefault();
    }

    public Task<IReadOnlyList<Album>> ListAsync(string userId, CancellationToken cancellationToken = default)
        => QueryAsync("WHERE user_id = $user ORDER BY created_at", userId, null, cancellationToken);

    public async Task DeleteAsync(string userId, Guid albumId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM albums WHERE user_id = $user AND id = $id";
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$id", albumId.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RenameAsync(string userId, Guid albumId, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE albums SET name = $name WHERE user_id = $user AND id = $id";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$id", albumId.ToString());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    async Task<IReadOnlyList<Album>> QueryAsync(string where, string userId, Guid? albumId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, user_id, name, created_at FROM albums {where}";
        command.Parameters.AddWithValue("$user", userId);
        if (albumId is { } id)
        {
            command.Parameters.AddWithValue("$id", id.ToString());
        }
        var albums = new List<Album>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            albums.Add(new Album(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture)));
        }
        return albums;
    }
}
