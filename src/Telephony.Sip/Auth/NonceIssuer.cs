using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Telephony.Sip.Auth;

internal enum NonceState
{
    Valid,
    Expired,
    Forged,
}

/// <summary>
/// Stateless server nonces: base64url(issue time ms | 8 random bytes | HMAC-SHA256(secret, time|random|realm)[..16]).
/// Any node holding the secret can validate a nonce without having stored it; the embedded time lets an
/// expired nonce be told apart from a forged one, so the client gets stale=true and retries silently.
/// </summary>
internal sealed class NonceIssuer
{
    private const int TimeBytes = 8;
    private const int RandomBytes = 8;
    private const int MacBytes = 16;
    private const int TotalBytes = TimeBytes + RandomBytes + MacBytes;

    // Nonces from a slightly faster clock on another node are still accepted.
    private static readonly TimeSpan FutureSkew = TimeSpan.FromSeconds(5);

    private readonly byte[] _secret;
    private readonly byte[] _realm;
    private readonly TimeProvider _time;

    public NonceIssuer(byte[] secret, string realm, TimeSpan lifetime, TimeProvider time)
    {
        if (secret.Length < 16)
        {
            throw new ArgumentException("The nonce secret must be at least 16 bytes.", nameof(secret));
        }

        _secret = secret.ToArray();
        _realm = Encoding.UTF8.GetBytes(realm);
        Lifetime = lifetime;
        _time = time;
    }

    public TimeSpan Lifetime { get; }

    public string Issue()
    {
        Span<byte> nonce = stackalloc byte[TotalBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(nonce.Slice(TimeBytes, RandomBytes));
        Sign(nonce[..(TimeBytes + RandomBytes)], nonce[(TimeBytes + RandomBytes)..]);
        return Base64Url(nonce);
    }

    /// <summary>Checks the signature and age; <paramref name="issuedAtMs"/> orders nonces for replay tracking.</summary>
    public NonceState Check(string nonce, out long issuedAtMs)
    {
        issuedAtMs = 0;
        Span<byte> bytes = stackalloc byte[TotalBytes + 3];
        if (nonce.Length != 43 || !TryDecodeBase64Url(nonce, bytes, out var written) || written != TotalBytes)
        {
            return NonceState.Forged;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(bytes[..(TimeBytes + RandomBytes)], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.Slice(TimeBytes + RandomBytes, MacBytes)))
        {
            return NonceState.Forged;
        }

        issuedAtMs = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(issuedAtMs, 0, 253402300799999));
        return age > Lifetime || age < -FutureSkew ? NonceState.Expired : NonceState.Valid;
    }

    private void Sign(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        var input = new byte[data.Length + _realm.Length];
        data.CopyTo(input);
        _realm.CopyTo(input.AsSpan(data.Length));
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_secret, input, full);
        full[..MacBytes].CopyTo(mac);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeBase64Url(string text, Span<byte> destination, out int written)
    {
        var padded = text.Replace('-', '+').Replace('_', '/') + "=";
        return Convert.TryFromBase64String(padded, destination, out written);
    }
}
