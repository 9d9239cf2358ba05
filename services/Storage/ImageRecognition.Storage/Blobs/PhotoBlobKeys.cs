namespace ImageRecognition.ServiceDefaults.Storage;

/// <summary>The object layout of the reference sample: everything a user owns sits under <c>private/{userId}/</c>.</summary>
public static class PhotoBlobKeys
{
    public static string Original(string userId, Guid photoId) => $"private/{userId}/uploads/{photoId}";

    public static string Thumbnail(string userId, Guid photoId) => $"private/{userId}/resized/{photoId}";

    /// <summary>The user whose object this is (<c>private/{userId}/...</c>), or null for a key outside that layout.</summary>
    public static string? OwnerOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        const string prefix = "private/";
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = key.IndexOf('/', prefix.Length);
        return end > prefix.Length ? key[prefix.Length..end] : null;
    }
}
