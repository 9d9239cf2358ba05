using System.Buffers;

namespace ImageRecognition.ServiceDefaults.Storage;

/// <summary>
/// Blobs as files below one folder, for the single-machine deployment. Writes go to a temporary file
/// (<c>*.partial</c>) that is renamed into place, so a crash never leaves half an original behind; the
/// temporary files a crash leaves are removed at the next start (<see cref="RemoveStalePartials"/>).
/// </summary>
public sealed class DiskBlobStore(string rootDirectory) : IBlobStore
{
    const string PartialSuffix = ".partial";

    readonly string _root = Path.GetFullPath(rootDirectory);

    /// <summary>
    /// Deletes the temporary files of writes that were never finished: those last written before
    /// <paramref name="startedAtUtc"/>, the start of this process. A write in progress touches its file
    /// all the time, so only what a stopped process left behind is old enough. Returns how many went.
    /// </summary>
    public int RemoveStalePartials(DateTime startedAtUtc)
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }
        var removed = 0;
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles("*" + PartialSuffix, SearchOption.AllDirectories))
        {
            if (file.LastWriteTimeUtc < startedAtUtc)
            {
                try
                {
                    file.Delete();
                    removed++;
                }
                catch (IOException)
                {
                    // held open by a writer after all: the next start removes it
                }
            }
        }
        return removed;
    }

    public async Task WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}{PartialSuffix}";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<BlobContent?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
            return Task.FromResult<BlobContent?>(new BlobContent(stream, stream.Length));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<BlobContent?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            File.Delete(PathFor(key));
        }
        catch (DirectoryNotFoundException)
        {
            // its folder was never written (e.g. a photo that has no thumbnail): nothing to remove
        }
        return Task.CompletedTask;
    }

    string PathFor(string key)
    {
        BlobKey.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        // Defence in depth: even a key that passed validation must stay inside the root.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob key '{key}' points outside the store.", nameof(key));
        }
        return path;
    }
}

/// <summary>Keys are relative paths of safe characters; anything else is a bug or an attack.</summary>
public static class BlobKey
{
    static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./");

    public static void Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 1024 || key[0] == '/' ||
            key.AsSpan().ContainsAnyExcept(Allowed) || key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"'{key}' is not a valid blob key.", nameof(key));
        }
    }
}
