using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Telephony.Server.Configuration;

namespace Telephony.Server.Admin;

/// <summary>
/// The admin API's shared secret: from configuration, or generated on first start and kept in a file only the
/// service's user can read. Compared in constant time.
/// </summary>
public sealed class AdminApiKey
{
    private const int GeneratedKeyBytes = 32;
    private readonly byte[] _key;

    public AdminApiKey(IOptions<AdminSettings> settings, ILogger<AdminApiKey> logger)
    {
        var admin = settings.Value;
        if (!string.IsNullOrWhiteSpace(admin.ApiKey))
        {
            _key = Encoding.UTF8.GetBytes(admin.ApiKey.Trim());
            return;
        }

        var path = Path.GetFullPath(admin.ApiKeyFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedKeyBytes))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');
            File.WriteAllText(path, generated + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            logger.LogWarning("Admin:ApiKey is not set: generated an admin API key in {Path}", path);
        }

        _key = Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim());
        if (_key.Length < 16)
        {
            throw new InvalidOperationException($"The admin API key in {path} is shorter than 16 characters.");
        }
    }

    /// <summary>Accepts <c>X-Api-Key: key</c> or <c>Authorization: Bearer key</c>.</summary>
    public bool IsPresentedBy(HttpRequest request) => Matches(PresentedKey(request));

    /// <summary>True when <paramref name="presented"/> is the admin key (constant time).</summary>
    public bool Matches(string? presented) =>
        !string.IsNullOrEmpty(presented) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);

    /// <summary>
    /// A value derived from the key for one <paramref name="purpose"/> (SHA-256 of both): what a cookie may hold to
    /// stand for the key on one page without revealing it (the wallboard's).
    /// </summary>
    public string DerivedToken(string purpose) => DeriveToken(purpose, _key);

    /// <inheritdoc cref="DerivedToken"/>
    public static string DeriveToken(string purpose, byte[] key) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(purpose + "\n"), .. key]));

    /// <summary>The key in <c>X-Api-Key</c>, else in <c>Authorization: Bearer</c>; null when neither is sent.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? presented = request.Headers["X-Api-Key"];
        if (string.IsNullOrEmpty(presented)
            && request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }

        return string.IsNullOrEmpty(presented) ? null : presented;
    }
}
