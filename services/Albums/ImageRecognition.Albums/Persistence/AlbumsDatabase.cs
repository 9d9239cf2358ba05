using ImageRecognition.ServiceDefaults.Data;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// The Albums service's SQLite file: the sample's Album and Photo tables, plus a label index.
/// Every statement is idempotent, so opening a file made by an earlier version adds what it lacks:
/// <c>ix_photos_content</c> (duplicate detection) is an index on the hash inside the stored JSON,
/// which needs no column added to existing rows (their hash reads as null). <c>photo_hash_bands</c> (near
/// duplicates, see <c>HashBands</c>) starts empty in such a file: photos processed before perceptual hashes
/// existed have none and get one when reprocessed.
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

    public static SqliteDatabase Open(string path) => new(path, Schema);
}
