using System.Globalization;
using ImageRecognition.Contracts.Api;

namespace ImageRecognition.Web.Presentation;

/// <summary>How a copy is described next to its thumbnail: its size in pixels and in bytes, what tells copies apart.</summary>
public static class DuplicatePresentation
{
    public static string Describe(PhotoResponse photo) => photo.Metadata is { } metadata
        ? string.Create(CultureInfo.InvariantCulture, $"{metadata.Width} × {metadata.Height} · {UploadRules.FormatSize(photo.FileSize)}")
        : UploadRules.FormatSize(photo.FileSize);

    /// <summary>"2 extras in 1 group", "1 extra", for the page's summary line.</summary>
    public static string Summary(IReadOnlyList<DuplicateGroupResponse> groups)
    {
        var extras = groups.Sum(g => g.Extras.Count);
        var bytes = groups.Sum(g => g.Extras.Sum(e => e.Photo.FileSize));
        return $"{Count(groups.Count, "group")} of copies, {Count(extras, "extra")} ({UploadRules.FormatSize(bytes)}) that can go.";
    }

    static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
