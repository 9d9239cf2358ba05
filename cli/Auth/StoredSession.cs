using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageRecognition.Cli.Auth;

/// <summary>What `login` keeps in the user's profile: where the server is, how to get tokens, and the tokens.</summary>
internal sealed record StoredSession
{
    public required Uri Server { get; init; }
    public required Uri TokenEndpoint { get; init; }
    public required string ClientId { get; init; }
    public required string AccessToken { get; init; }
    public string? RefreshToken { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Refresh a little early, so a token does not expire between the check and the request.</summary>
    public bool IsExpiring(DateTimeOffset now) => ExpiresAt - now < TimeSpan.FromMinutes(1);
}

/// <summary>
/// The session file, <c>session.json</c> in <c>$IMAGERECOGNITION_HOME</c> or else the user's configuration folder
/// (<c>~/.config/imagerecognition</c> on Linux), readable by its owner only: it holds a refresh token.
/// </summary>
internal sealed class SessionStore(string directory)
{
    public const string HomeVariable = "IMAGERECOGNITION_HOME";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static SessionStore ForCurrentUser()
    {
        var configured = Environment.GetEnvironmentVariable(HomeVariable);
        return new SessionStore(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "imagerecognition")
            : configured);
    }

    public string FilePath => Path.Combine(directory, "session.json");

    public StoredSession? Load()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<StoredSession>(File.ReadAllText(FilePath), Json);
        }
        catch (JsonException)
        {
            return null; // a damaged file is the same as none: sign in again
        }
    }

    public void Save(StoredSession session)
    {
        Directory.CreateDirectory(directory);
        var temporary = FilePath + ".tmp";
        // Created owner-only before anything is written, then moved over the old file in one step.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(file, session, Json);
        }
        File.Move(temporary, FilePath, overwrite: true);
    }

    public void Delete() => File.Delete(FilePath);
}
