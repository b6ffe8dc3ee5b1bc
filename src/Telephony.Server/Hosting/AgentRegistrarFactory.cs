using System.Text;
using Microsoft.Extensions.Options;
using Telephony.Server.Configuration;
using Telephony.Sip.Auth;
using Telephony.Sip.Registrar;

namespace Telephony.Server.Hosting;

/// <summary>Builds the SIP registrar for agent phones from the <c>Agents</c> section, refusing weak settings.</summary>
public static class AgentRegistrarFactory
{
    private const int MinimumSecretLength = 16;
    private const int MinimumPasswordLength = 8;

    public static SipRegistrar Create(IOptions<AgentSettings> options, TimeProvider time, SipLogAdapter log)
    {
        var settings = options.Value;
        var credentials = new InMemorySipCredentialStore();
        foreach (var account in settings.Accounts)
        {
            if (string.IsNullOrWhiteSpace(account.Username) || account.Password.Length < MinimumPasswordLength)
            {
                throw new InvalidOperationException(
                    $"Agents:Accounts: every account needs a Username and a Password of at least {MinimumPasswordLength} characters (account '{account.Username}').");
            }

            credentials.Add(new SipCredential(account.Username, settings.Realm, account.Password));
        }

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
            },
            credentials,
            time,
            log);
    }
}
