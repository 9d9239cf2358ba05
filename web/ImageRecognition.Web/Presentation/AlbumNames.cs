namespace ImageRecognition.Web.Presentation;

/// <summary>The Albums API's name rule, checked in the form before the request (the API checks it again).</summary>
public static class AlbumNames
{
    public const int MaxLength = 100;

    public static string? Validate(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "Give the album a name.";
        }
        if (trimmed.Length > MaxLength)
        {
            return $"At most {MaxLength} characters.";
        }
        return trimmed.Any(char.IsControl) ? "The name cannot contain control characters." : null;
    }
}
