using System.Security.Cryptography;
using ImageRecognition.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ImageRecognition.Albums.Api;

/// <param name="Sha256">Lowercase hex SHA-256 of the stored bytes, computed while they streamed through.</param>
public sealed record StoredUpload(Guid PhotoId, string FileName, string Key, long Size, string Sha256);

public sealed record UploadRejection(int StatusCode, string Title, string Detail);

/// <summary>
/// Streams every part named <c>file</c> of a multipart request straight into the blob store, never
/// holding a whole file in memory. All or nothing: when one part is refused, the parts already
/// stored by this request are removed again, so a failed upload leaves nothing behind.
/// </summary>
public sealed class PhotoUploadReader(IBlobStore blobs, AlbumsOptions options)
{
    const string FilePartName = "file";
    const int MaxBoundaryLength = 70; // RFC 2046

    public async Task<(IReadOnlyList<StoredUpload> Stored, UploadRejection? Rejection)> ReadAsync(
        HttpRequest request, string userId, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= MaxBoundaryLength } boundary)
        {
            return ([], new UploadRejection(StatusCodes.Status415UnsupportedMediaType, "Not a file upload",
                "Send the photos as multipart/form-data, one part named 'file' per photo."));
        }

        var stored = new List<StoredUpload>();
        // Our own per-file limit (SizeLimitedStream) decides; the reader's default cap must not undercut it.
        var reader = new MultipartReader(boundary, request.Body)
        {
            BodyLengthLimit = Math.Max(Microsoft.AspNetCore.Http.Features.FormOptions.DefaultMultipartBodyLengthLimit, options.MaxUploadBytes + 1),
        };
        UploadRejection? rejection;
        try
        {
            rejection = await ReadPartsAsync(reader, userId, stored, cancellationToken);
        }
        catch
        {
            // A storage failure or a cancelled request: not the caller's bad input, but nothing may stay behind.
            await RemoveAsync(stored);
            throw;
        }
        rejection ??= stored.Count == 0
            ? new UploadRejection(StatusCodes.Status400BadRequest, "No photo", "The request has no part named 'file'.")
            : null;
        if (rejection is not null)
        {
            await RemoveAsync(stored);
            return ([], rejection);
        }
        return (stored, null);
    }

    async Task<UploadRejection?> ReadPartsAsync(MultipartReader reader, string userId, List<StoredUpload> stored, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    !disposition.IsFileDisposition() ||
                    !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, FilePartName, StringComparison.Ordinal))
                {
                    continue; // other form fields are not ours to interpret
                }
                if (stored.Count == options.MaxFilesPerUpload)
                {
                    return new UploadRejection(StatusCodes.Status400BadRequest, "Too many files",
                        $"Upload at most {options.MaxFilesPerUpload} photos at once.");
                }
                var rejection = await StoreFileAsync(section, disposition, userId, stored, cancellationToken);
                if (rejection is not null)
                {
                    return rejection;
                }
            }
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or BrokenUploadException)
        {
            return new UploadRejection(StatusCodes.Status400BadRequest, "Broken upload",
                $"The multipart body could not be read: {e.Message}");
        }
    }

    async Task<UploadRejection?> StoreFileAsync(MultipartSection section, ContentDispositionHeaderValue disposition, string userId,
        List<StoredUpload> stored, CancellationToken cancellationToken)
    {
        var fileName = SafeFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
        var photoId = Guid.CreateVersion7();
        var key = PhotoBlobKeys.Original(userId, photoId);
        using var counted = new SizeLimitedStream(section.Body, options.MaxUploadBytes);
        try
        {
            await blobs.WriteAsync(key, counted, "application/octet-stream", cancellationToken);
        }
        catch (UploadTooLargeException)
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
            return new UploadRejection(StatusCodes.Status413PayloadTooLarge, "File too large",
                $"'{fileName}' is larger than the limit of {options.MaxUploadBytes / (1024 * 1024)} MB.");
        }
        stored.Add(new StoredUpload(photoId, fileName, key, counted.BytesRead, counted.Sha256Hex()));
        if (counted.BytesRead == 0)
        {
            return new UploadRejection(StatusCodes.Status400BadRequest, "Empty file", $"'{fileName}' is empty.");
        }
        return null;
    }

    public async Task RemoveAsync(IEnumerable<StoredUpload> stored)
    {
        foreach (var upload in stored)
        {
            await blobs.DeleteAsync(upload.Key, CancellationToken.None);
        }
    }

    /// <summary>Only the name part, no path, no control characters, bounded length.</summary>
    public static string SafeFileName(string? raw)
    {
        var name = Path.GetFileName((raw ?? "").Replace('\\', '/').Trim());
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > 255)
        {
            name = name[^255..];
        }
        return name.Length == 0 ? "photo" : name;
    }
}

public sealed class UploadTooLargeException() : IOException("The upload is larger than the configured limit.");

/// <summary>Reading the request body failed (a cut connection, broken framing): the caller's side, not ours.</summary>
public sealed class BrokenUploadException(Exception inner) : IOException(inner.Message, inner);

/// <summary>
/// Counts and hashes what passes through and stops a stream at a limit, so a huge part is cut off early
/// and the content hash costs no second read of the stored file.
/// </summary>
sealed class SizeLimitedStream(Stream inner, long limit) : Stream
{
    readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    /// <summary>The SHA-256 of everything read so far, lowercase hex; call once, after the last read.</summary>
    public string Sha256Hex() => Convert.ToHexStringLower(_sha256.GetHashAndReset());

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new BrokenUploadException(e); // told apart from a failing blob store, which is ours
        }
        _sha256.AppendData(buffer.Span[..read]);
        return Count(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    int Count(int read)
    {
        BytesRead += read;
        return BytesRead > limit ? throw new UploadTooLargeException() : read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
        }
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
