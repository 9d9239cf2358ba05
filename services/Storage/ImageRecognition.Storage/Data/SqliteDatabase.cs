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
/// <para>
/// Changes that are not idempotent (a column added, rows backfilled) are <paramref name="migrations"/>: each runs once,
/// in order, in one transaction with the file's <c>PRAGMA user_version</c> raised to its number (1, 2, ...), so a
/// file made by any earlier version is brought up to date when it is first opened, and a failed step leaves it as it was.
/// </para>
/// </summary>
public sealed class SqliteDatabase
{
    readonly string _connectionString;
    readonly Lazy<Task> _schema;

    public SqliteDatabase(string filePath, string schemaSql, params IReadOnlyList<string> migrations)
    {
        _schema = new Lazy<Task>(() => ApplySchemaAsync(schemaSql, migrations));
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

    async Task ApplySchemaAsync(string schemaSql, IReadOnlyList<string> migrations)
    {
        await using var connection = await OpenWithoutSchemaAsync(CancellationToken.None);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = schemaSql;
            await command.ExecuteNonQueryAsync();
        }
        for (var number = 1; number <= migrations.Count; number++)
        {
            // IMMEDIATE: a second process opening the file waits here, then sees the raised version and skips.
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= number)
            {
                continue;
            }
            command.CommandText = migrations[number - 1] + $"; PRAGMA user_version = {number};";
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }
}
