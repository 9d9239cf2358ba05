using System.Security.Cryptography;

namespace ImageRecognition.Cli.Upload;

/// <summary>What the first bytes of a file say it is. The server decides again; this only avoids sending what it would refuse.</summary>
internal enum SniffedType
{
    Jpeg,
    Png,
    Gif,
    Webp,
    Other,
}

/// <summary>A file found under the paths given to `upload`.</summary>
internal sealed record LocalFile(FileInfo File, string DisplayName)
{
    public string? Sha256 { get; set; }
}

internal static class LocalFiles
{
    static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".jpe", ".png"];

    /// <summary>
    /// Files named directly, and every file under folders (recursively, in name order); each file once even when
    /// named twice. A path that does not exist is an error before anything is sent.
    /// </summary>
    public static List<LocalFile> Find(IEnumerable<string> paths)
    {
        var found = new List<LocalFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                Add(new FileInfo(path), Path.GetFileName(path));
            }
            else if (Directory.Exists(path))
            {
                var root = new DirectoryInfo(path);
                var files = root.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
                    .OrderBy(f => f.FullName, StringComparer.Ordinal);
                foreach (var file in files)
                {
                    Add(file, Path.GetRelativePath(root.FullName, file.FullName));
                }
            }
            else
            {
                throw new CliException($"'{path}' is neither a file nor a folder.");
            }
        }
        return found;

        void Add(FileInfo file, string displayName)
        {
            if (seen.Add(file.FullName))
            {
                found.Add(new LocalFile(file, displayName));
            }
        }
    }

    /// <summary>JPEG and PNG by their signatures; GIF and WebP named so the reason a file is left out can say what it is.</summary>
    public static SniffedType Sniff(FileInfo file)
    {
        Span<byte> head = stackalloc byte[12];
        int read;
        using (var stream = file.OpenRead())
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        head = head[..read];
        return head switch
        {
            [0xFF, 0xD8, 0xFF, ..] => SniffedType.Jpeg,
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => SniffedType.Png,
            [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => SniffedType.Gif,
            [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P'] => SniffedType.Webp,
            _ => SniffedType.Other,
        };
    }

    /// <summary>A name that promises a photo (.jpg, .png): such a file with other content is a mistake worth reporting.</summary>
    public static bool IsNamedAsImage(FileInfo file) => ImageExtensions.Contains(file.Extension, StringComparer.OrdinalIgnoreCase);

    public static async Task<string> Sha256Async(FileInfo file, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
