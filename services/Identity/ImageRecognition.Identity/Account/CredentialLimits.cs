namespace ImageRecognition.Identity.Account;

/// <summary>
/// The longest email and password any entry point takes (registration, sign-up and sign-in pages,
/// the password grant). Without them a 10 MB "email" was stored, and grew every later lookup.
/// </summary>
internal static class CredentialLimits
{
    /// <summary>The longest address SMTP can deliver to (RFC 5321, as corrected by RFC 3696 erratum 1690).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Far above any passphrase or password manager's output (NIST SP 800-63B asks for at least 64).</summary>
    public const int MaxPasswordLength = 256;

    public static bool Fit(string email, string password) =>
        email.Length <= MaxEmailLength && password.Length <= MaxPasswordLength;
}
