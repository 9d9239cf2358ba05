namespace ImageRecognition.Albums.Domain;

public sealed record Album(Guid Id, string UserId, string Name, DateTimeOffset CreatedAt)
{
    public const int MaxNameLength = 100;

    /// <summary>A name people can read: trimmed, not empty, not too long, no control characters.</summary>
    public static string? ValidateName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "An album needs a name.";
        }
        if (trimmed.Length > MaxNameLength)
        {
            return $"An album name has at most {MaxNameLength} characters.";
        }
        return trimmed.Any(char.IsControl) ? "An album name cannot contain control characters." : null;
    }
}
