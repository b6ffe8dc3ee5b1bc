using System.Security.Cryptography;
using System.Text;

namespace Telephony.Storage.Tests;

internal static class AgentSamples
{
    public static readonly DateTimeOffset Created = new(2026, 1, 5, 8, 30, 0, 250, TimeSpan.Zero);

    /// <summary>An agent whose hashes are those of <paramref name="password"/> in realm "telephony", as the service computes them.</summary>
    public static StoredAgent New(string sipUsername, string password = "correct-horse-battery", params StoredAgentSkill[] skills) => new()
    {
        Id = AgentIds.New(),
        DisplayName = $"Agent {sipUsername}",
        SipUsername = sipUsername,
        Ha1Md5 = Hex(MD5.HashData(Encoding.UTF8.GetBytes($"{sipUsername}:telephony:{password}"))),
        Ha1Sha256 = Hex(SHA256.HashData(Encoding.UTF8.GetBytes($"{sipUsername}:telephony:{password}"))),
        Ha1Realm = "telephony",
        Skills = skills,
        CreatedAt = Created,
        UpdatedAt = Created,
    };

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
