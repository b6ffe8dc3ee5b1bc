using System.Text;
using Microsoft.Extensions.Options;
using Telephony.Server.Configuration;
using Telephony.Sip.Auth;
using Telephony.Sip.Registrar;

namespace Telephony.Server.Hosting;

/// <summary>
/// Builds the SIP registrar for agent phones from the <c>Agents</c> section, refusing weak settings. It authenticates
/// against the stored agents' HA1 hashes (<see cref="Calls.Agents.AgentDirectory"/>), never a clear password.
/// </summary>
public static class AgentRegistrarFactory
{
    private const int MinimumSecretLength = 16;

    public static SipRegistrar Create(IOptions<AgentSettings> options, IOptions<SipSettings> sip, ISipCredentialStore credentials, TimeProvider time, SipLogAdapter log)
    {
        var settings = options.Value;
        byte[]? secret = null;
        if (!string.IsNullOrEmpty(settings.NonceSecret))
        {
            secret = Encoding.UTF8.GetBytes(settings.NonceSecret);
            if (secret.Length < MinimumSecretLength)
            {
                throw new InvalidOperationException($"Agents:NonceSecret must be at least {MinimumSecretLength} characters.");
            }
        }

        return new SipRegistrar(
            new SipRegistrarOptions
            {
                Realm = settings.Realm,
                NonceSecret = secret,
                DigestAlgorithms = settings.OfferSha256 ? [DigestAlgorithm.Sha256, DigestAlgorithm.Md5] : [DigestAlgorithm.Md5],
                TrustedProxies = sip.Value.ParseTrustedProxies(),
            },
            credentials,
            time,
            log);
    }
}
