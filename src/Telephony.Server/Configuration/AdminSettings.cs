
namespace Telephony.Server.Configuration;

/// <summary>The <c>Admin</c> configuration section: the operators' HTTP API.</summary>
public sealed class AdminSettings
{
    public const string SectionName = "Admin";

    /// <summary>
    /// The key callers of <c>/admin/*</c> must present. Left empty, a random key is generated once and kept in
    /// <see cref="ApiKeyFile"/>, so the admin API is never open by default.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Where the generated key is kept (readable by the service's user only).</summary>
    public string ApiKeyFile { get; set; } = "data/admin-api-key";
}
