using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PhoneNumbers;
using Telephony.Calls.Configuration;
using Telephony.Storage;

namespace Telephony.Calls.Callers;

/// <summary>
/// Turns a caller's number into the key of their caller grain: an HMAC-SHA-256 of the number in E.164 form, with the
/// deployment's secret, so the number never appears in a grain id, a log or a metric, and cannot be found again from
/// the key without the secret. The same number written differently (0612…, +33612…) gives the same key.
/// </summary>
public sealed class CallerKeys
{
    private const int MinimumKeyLength = 32;
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();
    private readonly byte[] _key;

    public CallerKeys(IOptions<CallerSettings> settings, ILogger<CallerKeys> logger)
    {
        var callers = settings.Value;
        _key = GeneratedSecret.Load(callers.HashKey, callers.HashKeyFile, MinimumKeyLength, "Callers:HashKey", logger);
    }

    /// <summary>The caller's key, or null for an anonymous or unreadable number (no history is kept for those).</summary>
    public string? KeyOf(string? callerNumber)
    {
        if (Canonical(callerNumber) is not { } canonical)
        {
            return null;
        }

        var mac = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(canonical));
        // The form the storage checks before it writes a key (CallerKeyFormat): one definition for both.
        return CallerKeyFormat.Prefix + Convert.ToHexStringLower(mac.AsSpan(0, CallerKeyFormat.HexDigits / 2));
    }

    private static string? Canonical(string? number)
    {
        if (string.IsNullOrWhiteSpace(number) || number.Length > 32 || !number.Any(char.IsAsciiDigit))
        {
            return null;
        }

        try
        {
            var parsed = Numbers.Parse(number, "FR");
            return Numbers.Format(parsed, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            // Not a telephone number (a SIP user name): keyed as written, digits and a leading + only.
            var digits = new string(number.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
            return digits.Length >= 3 ? digits : null;
        }
    }
}
