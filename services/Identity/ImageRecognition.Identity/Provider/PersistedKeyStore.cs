using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ImageRecognition.Identity.Provider;

/// <summary>
/// RSA keys generated on first start and kept as PEM files, so tokens issued before a restart stay
/// valid after it (development certificates would tie them to one machine's store).
/// </summary>
internal static class PersistedKeyStore
{
    private const int KeySizeInBits = 2048;

    public static RsaSecurityKey LoadOrCreate(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".pem");
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        var key = new RsaSecurityKey(rsa);
        // A stable key id lets a validator that cached the key set find the key again after a restart.
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    private static void TryCreate(string path)
    {
        using var rsa = RSA.Create(KeySizeInBits);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(pem);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created the key first: use theirs.
        }
    }
}
