using ImageRecognition.ServiceDefaults.Data;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// The Albums service's SQLite file: the sample's Album and Photo tables, plus a label index.
/// Every statement of <see cref="Schema"/> is idempotent, so opening a file made by an earlier version adds what it lacks:
/// <c>ix_photos_content</c> (duplicate detection) is an index on the hash inside the stored JSON,
/// which needs no column added to existing rows (their hash reads as null). <c>photo_hash_bands</c> (near
/// duplicates, see <c>HashBands</c>) starts empty in such a file: photos processed before perceptual hashes
/// existed have none and get one when reprocessed.
/// <para>
/// <see cref="Migrations"/> run once each (<c>PRAGMA user_version</c>). Migration 1 (the Activity page) adds what counts
/// and lists by status need: the columns <c>status</c> and <c>status_since</c> with the indexes <c>ix_photos_status</c>
/// (user, status, since) and <c>ix_photos_status_all</c> (status, since); <c>photo_counts</c>, photos per scope
/// (<c>user#{id}</c> or <c>all</c>) and state, kept in the same transaction as every photo write; and
/// <c>photo_finished</c>, photos finished per scope and minute. It fills them from the photos already there (their
/// <c>status_since</c> is their upload time: when they changed status was not recorded).
/// </para>
/// </summary>
public static class AlbumsDatabase
{
    public const string Schema = """
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
        CREATE INDEX IF NOT EXISTS ix_photos_content ON photos (user_id, album_id, json_extract(data, '$.sha256'));
        CREATE TABLE IF NOT EXISTS photo_labels (
            user_id TEXT NOT NULL,
            label TEXT NOT NULL,
            photo_id TEXT NOT NULL,
            PRIMARY KEY (user_id, label, photo_id));
        CREATE INDEX IF NOT EXISTS ix_photo_labels_photo ON photo_labels (photo_id);
        CREATE TABLE IF NOT EXISTS photo_hash_bands (
            user_id TEXT NOT NULL,
            band INTEGER NOT NULL,
            value INTEGER NOT NULL,
            photo_id TEXT NOT NULL,
            hash INTEGER NOT NULL,
            PRIMARY KEY (user_id, band, value, photo_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_photo_hash_bands_photo ON photo_hash_bands (photo_id);
        """;

    /// <summary>The state key of a row's JSON, as <see cref="Domain.PhotoStates.KeyOf"/> makes it.</summary>
    const string StateKeyOfData = """
        CASE json_extract(data, '$.status')
            WHEN 'Running' THEN 'Running/' || COALESCE(json_extract(data, '$.step'), '')
            WHEN 'Failed' THEN 'Failed/' || COALESCE(json_extract(data, '$.failure.code'), '')
            ELSE json_extract(data, '$.status') END
        """;

    public static readonly string[] Migrations =
    [
        $"""
        ALTER TABLE photos ADD COLUMN status TEXT NOT NULL DEFAULT 'Pending';
        ALTER TABLE photos ADD COLUMN status_since TEXT NOT NULL DEFAULT '';
        UPDATE photos SET status = json_extract(data, '$.status'), status_since = uploaded_at;
        CREATE INDEX ix_photos_status ON photos (user_id, status, status_since);
        CREATE INDEX ix_photos_status_all ON photos (status, status_since);
        CREATE TABLE photo_counts (
            scope TEXT NOT NULL,
            state TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (scope, state)) WITHOUT ROWID;
        INSERT INTO photo_counts (scope, state, count)
            SELECT 'user#' || user_id, {StateKeyOfData}, COUNT(*) FROM photos GROUP BY 1, 2;
        INSERT INTO photo_counts (scope, state, count)
            SELECT 'all', {StateKeyOfData}, COUNT(*) FROM photos GROUP BY 2;
        CREATE TABLE photo_finished (
            scope TEXT NOT NULL,
            minute TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (scope, minute)) WITHOUT ROWID
        """,
    ];

    public static SqliteDatabase Open(string path) => new(path, Schema, Migrations);
}
