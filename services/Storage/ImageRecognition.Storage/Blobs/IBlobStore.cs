namespace ImageRecognition.ServiceDefaults.Storage;

/// <summary>Where originals and thumbnails live: S3 in the cloud, a folder on one machine.</summary>
public interface IBlobStore
{
    /// <summary>Stores the whole stream under <paramref name="key"/>; readers never see a partial object.</summary>
    Task WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading, or returns null when there is none.</summary>
    Task<BlobContent?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes an object; removing one that is not there is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

public sealed record BlobContent(Stream Content, long Length) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

public sealed class BlobNotFoundException(string key) : Exception($"The object '{key}' does not exist (was the photo deleted?).")
{
    public string Key { get; } = key;
}

public static class BlobStoreReading
{
    /// <summary>Opens an object the caller cannot do without, e.g. the original a worker must read.</summary>
    public static async Task<BlobContent> OpenRequiredAsync(this IBlobStore blobs, string key, CancellationToken cancellationToken = default)
        => await blobs.OpenReadAsync(key, cancellationToken) ?? throw new BlobNotFoundException(key);

    /// <summary>The content of an object the caller cannot do without; disposing the stream closes the object.</summary>
    public static async Task<Stream> OpenRequiredContentAsync(this IBlobStore blobs, string key, CancellationToken cancellationToken = default)
        => (await blobs.OpenRequiredAsync(key, cancellationToken)).Content;
}
