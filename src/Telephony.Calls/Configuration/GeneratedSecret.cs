using System.Security.Cryptography;
using System.Text;

namespace Telephony.Calls.Configuration;

/// <summary>
/// A secret the service needs (an API key, a hashing key): from configuration when set, otherwise generated once and
/// kept in a file only the service's user can read, so a default install is never left with an empty secret.
/// </summary>
public static class GeneratedSecret
{
    private const int GeneratedBytes = 32;

    /// <param name="configured">The configured value, if any (wins over the file).</param>
    /// <param name="file">Where a generated secret is kept.</param>
    /// <param name="minimumLength">Shorter secrets are refused at start-up, naming <paramref name="settingName"/>.</param>
    public static byte[] Load(string? configured, string file, int minimumLength, string settingName, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var value = Encoding.UTF8.GetBytes(configured.Trim());
            return value.Length >= minimumLength
                ? value
                : throw new InvalidOperationException($"{settingName} must be at least {minimumLength} characters.");
        }

        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedBytes))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');
            File.WriteAllText(path, generated + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            logger.LogWarning("{Setting} is not set: generated one in {Path}", settingName, path);
        }

        var stored = Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim());
        return stored.Length >= minimumLength
            ? stored
            : throw new InvalidOperationException($"The secret in {path} ({settingName}) is shorter than {minimumLength} characters.");
    }
}
