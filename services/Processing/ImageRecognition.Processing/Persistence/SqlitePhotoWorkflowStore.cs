using System.Text.Json;
using ImageRecognition.Processing.Workflow;
using ImageRecognition.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;

namespace ImageRecognition.Processing.Persistence;

/// <summary>
/// Workflow instances in SQLite for the single-process deployment: the instance as JSON, plus the
/// columns the sweeps query (state, deadline). The version check is the WHERE clause of the update.
/// </summary>
public sealed class SqlitePhotoWorkflowStore(string databasePath) : IPhotoWorkflowStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS photo_workflows (
            correlation_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            current_state TEXT NOT NULL,
            finished INTEGER NOT NULL,
            deadline TEXT NULL,
            data TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_photo_workflows_unfinished ON photo_workflows (finished, deadline);
        """;


    readonly SqliteDatabase database = new(databasePath, Schema);

    public async Task<PhotoProcessingState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data, version FROM photo_workflows WHERE correlation_id = $id";
        command.Parameters.AddWithValue("$id", correlationId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var instance = JsonSerializer.Deserialize<PhotoProcessingState>(reader.GetString(0), StoredJson.Options)!;
        instance.Version = reader.GetInt32(1);
        return instance;
    }

    public async Task InsertAsync(PhotoProcessingState instance, CancellationToken cancellationToken = default)
    {
        instance.Version = 1;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO photo_workflows (correlation_id, version, current_state, finished, deadline, data)
            VALUES ($id, $version, $state, $finished, $deadline, $data)
            """;
        AddValues(command, instance);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the photo already has a workflow
        {
            throw new SagaVersionConflictException(typeof(PhotoProcessingState), instance.CorrelationId, "The workflow already exists.");
        }
    }

    public async Task UpdateAsync(PhotoProcessingState instance, CancellationToken cancellationToken = default)
    {
        var expected = instance.Version;
        instance.Version = expected + 1;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE photo_workflows
            SET version = $version, current_state = $state, finished = $finished, deadline = $deadline, data = $data
            WHERE correlation_id = $id AND version = $expected
            """;
        AddValues(command, instance);
        command.Parameters.AddWithValue("$expected", expected);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            instance.Version = expected;
            throw new SagaVersionConflictException(typeof(PhotoProcessingState), instance.CorrelationId,
                $"The workflow changed since version {expected} was loaded.");
        }
    }

    public async Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM photo_workflows WHERE correlation_id = $id";
        command.Parameters.AddWithValue("$id", correlationId.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<Guid>> FindUnfinishedAsync(CancellationToken cancellationToken = default)
        => QueryIdsAsync("SELECT correlation_id FROM photo_workflows WHERE finished = 0", null, cancellationToken);

    public Task<IReadOnlyList<Guid>> FindPastDeadlineAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        => QueryIdsAsync("SELECT correlation_id FROM photo_workflows WHERE finished = 0 AND deadline <= $now", now, cancellationToken);

    async Task<IReadOnlyList<Guid>> QueryIdsAsync(string sql, DateTimeOffset? now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (now is { } value)
        {
            command.Parameters.AddWithValue("$now", SortableTime.Format(value));
        }
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(Guid.Parse(reader.GetString(0)));
        }
        return ids;
    }

    static void AddValues(SqliteCommand command, PhotoProcessingState instance)
    {
        command.Parameters.AddWithValue("$id", instance.CorrelationId.ToString());
        command.Parameters.AddWithValue("$version", instance.Version);
        command.Parameters.AddWithValue("$state", instance.CurrentState);
        command.Parameters.AddWithValue("$finished", instance.IsFinished ? 1 : 0);
        command.Parameters.AddWithValue("$deadline", instance.Deadline is { } deadline ? SortableTime.Format(deadline) : DBNull.Value);
        command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(instance, StoredJson.Options));
    }

}
