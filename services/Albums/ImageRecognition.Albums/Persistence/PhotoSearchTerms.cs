using ImageRecognition.Albums.Domain;

namespace ImageRecognition.Albums.Persistence;

/// <summary>What a photo can be found by: each label and its parents ("animal" finds the dog), in one spelling.</summary>
public static class PhotoSearchTerms
{
    public static string Normalize(string label) => label.Trim().ToLowerInvariant();

    public static IReadOnlySet<string> Of(Photo photo)
        => photo.Labels.SelectMany(l => l.Parents.Prepend(l.Name)).Select(Normalize).ToHashSet(StringComparer.Ordinal);
}
