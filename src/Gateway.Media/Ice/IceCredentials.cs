using System.Security.Cryptography;

namespace Gateway.Media.Ice;

/// <summary>
/// An ICE username fragment and password (RFC 8445 §5.3, SDP syntax RFC 8839 §5.4): ice-chars only
/// (ALPHA / DIGIT / "+" / "/"), the fragment 4–256 characters, the password 22–256.
/// </summary>
public sealed record IceCredentials
{
    /// <summary>The characters allowed in a fragment or password (RFC 8839 §5.4, ice-char).</summary>
    public const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Creates credentials, validating both values.</summary>
    /// <param name="usernameFragment">The ice-ufrag: 4–256 ice-chars.</param>
    /// <param name="password">The ice-pwd: 22–256 ice-chars.</param>
    /// <exception cref="ArgumentException">A value has the wrong length or a character outside ice-char.</exception>
    public IceCredentials(string usernameFragment, string password)
    {
        ArgumentNullException.ThrowIfNull(usernameFragment);
        ArgumentNullException.ThrowIfNull(password);
        if (!IsValidUsernameFragment(usernameFragment))
            throw new ArgumentException("An ice-ufrag is 4 to 256 ice-chars (RFC 8839 §5.4).", nameof(usernameFragment));
        if (!IsValidPassword(password))
            throw new ArgumentException("An ice-pwd is 22 to 256 ice-chars (RFC 8839 §5.4).", nameof(password));
        UsernameFragment = usernameFragment;
        Password = password;
    }

    /// <summary>The username fragment (a=ice-ufrag).</summary>
    public string UsernameFragment { get; }

    /// <summary>The password (a=ice-pwd).</summary>
    public string Password { get; }

    /// <summary>
    /// Generates fresh random credentials from a cryptographic generator: an 8-character fragment and a 24-character
    /// password (RFC 8445 §5.3 asks for at least 24 bits and 128 bits of randomness; 24 ice-chars carry 144 bits).
    /// </summary>
    /// <returns>New credentials.</returns>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, 8), RandomNumberGenerator.GetString(IceChars, 24));

    /// <summary>True when <paramref name="value"/> is a valid ice-ufrag.</summary>
    /// <param name="value">The candidate value.</param>
    /// <returns>True when 4–256 ice-chars.</returns>
    public static bool IsValidUsernameFragment(string? value) => IsIceChars(value, 4);

    /// <summary>True when <paramref name="value"/> is a valid ice-pwd.</summary>
    /// <param name="value">The candidate value.</param>
    /// <returns>True when 22–256 ice-chars.</returns>
    public static bool IsValidPassword(string? value) => IsIceChars(value, 22);

    /// <summary>Shows the fragment only; the password is a secret.</summary>
    /// <returns>A description without the password.</returns>
    public override string ToString() => $"ice-ufrag={UsernameFragment}";

    private static bool IsIceChars(string? value, int minLength)
    {
        if (value is null || value.Length < minLength || value.Length > 256) return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/') return false;
        }

        return true;
    }
}
