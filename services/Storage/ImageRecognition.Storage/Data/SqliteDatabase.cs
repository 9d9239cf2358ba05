using Microsoft.Data.Sqlite;

namespace ImageRecognition.ServiceDefaults.Data;

/// <summary>
/// Opens connections to one SQLite file the same way everywhere: WAL so readers never block the
/// writer, a busy timeout so concurrent consumers wait instead of failing, foreign keys on. The
/// schema (idempotent <c>CREATE ... IF NOT EXISTS</c> statements) is applied before the first use.
/// Commits are durable against a crash of the process but not fsynced one by one
/// (<c>synchronous=NORMAL</c>, SQLite's advice for WAL): a photo's workflow writes a dozen small
/// transactions, and waiting for the disk on each blocked threads that the pipeline needs. A power
/// cut can lose the last commits; the workflow's recovery at start-up resends what they recorded.
/// </summary>
public sealed class SqliteDatabase
{
    readonly string _connectionString;
    readonly Lazy<Task> _schema;

    public SqliteDatabase(string filePath, string schemaSql)
    {
        _schema = new Lazy<Task>(() => ApplySchemaAsync(schemaSql));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        FilePath = filePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = filePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        await _schema.Value.WaitAsync(cancellationToken);
        return await OpenWithoutSchemaAsync(cancellationToken);
    }

    async Task<SqliteConnection> OpenWithoutSchemaAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    async Task ApplySchemaAsync(string schemaSql)
    {
        await using var connection = await OpenWithoutSchemaAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = schemaSql;
        await command.ExecuteNonQueryAsync();
    }
}
