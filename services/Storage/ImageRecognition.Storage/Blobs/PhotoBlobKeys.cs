namespace ImageRecognition.ServiceDefaults.Storage;

/// <summary>The object layout of the reference sample: everything a user owns sits under <c>private/{userId}/</c>.</summary>
public static class PhotoBlobKeys
{
    public static string Original(string userId, Guid photoId) => $"private/{userId}/uploads/{photoId}";

    public static string Thumbnail(string userId, Guid photoId) => $"private/{userId}/resized/{photoId}";
}
