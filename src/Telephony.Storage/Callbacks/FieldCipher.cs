using System.Security.Cryptography;
using System.Text;

namespace Telephony.Storage;

/// <summary>
/// Encrypts personal data that must be kept readable (a number the service will dial) with AES-256-GCM. The stored
/// form is <c>enc:v1:&lt;key id&gt;:&lt;base64 nonce|ciphertext|tag&gt;</c>; the key id (a hash of the key, not the
/// key) tells a value encrypted under another key from a damaged one. Each value is bound to its row (associated
/// data), so a value copied onto another row does not decrypt.
/// </summary>
public sealed class FieldCipher
{
    public const int MinimumSecretLength = 32;

    private const string Prefix = "enc:v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] KeyInfo = "telephony storage field encryption v1"u8.ToArray();

    private readonly byte[] _key;

    /// <param name="secret">The configured secret (<c>Storage:EncryptionKey</c>): any text of 32 characters or more.</param>
    public FieldCipher(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"The encryption secret must be at least {MinimumSecretLength} bytes.", nameof(secret));
        }

        // HKDF turns any secret text into a uniform 256-bit key.
        _key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _key, salt: [], info: KeyInfo);
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key))[..8];
    }

    /// <summary>Names the key in stored values and logs (8 hex digits of its hash): never the key itself.</summary>
    public string KeyId { get; }

    /// <summary>True for a value this class wrote; false for a clear value an older release stored.</summary>
    public static bool IsEncrypted(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>How every value encrypted under the key <paramref name="keyId"/> starts.</summary>
    public static string StoredPrefix(string keyId) => $"{Prefix}{keyId}:";

    public string Encrypt(string clear, string boundTo)
    {
        ArgumentNullException.ThrowIfNull(clear);
        var plaintext = Encoding.UTF8.GetBytes(clear);
        var sealedValue = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(NonceSize, plaintext.Length), sealedValue.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(boundTo));
        return StoredPrefix(KeyId) + Convert.ToBase64String(sealedValue);
    }

    /// <summary>The clear value; a clear value stored by an older release is returned as it is.</summary>
    /// <exception cref="StorageException">The value was encrypted under another key, or is damaged.</exception>
    public string Decrypt(string stored, string boundTo)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsEncrypted(stored))
        {
            return stored;
        }

        var rest = stored.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0)
        {
            throw new StorageException($"Encrypted value of {boundTo} is damaged (no key id).");
        }

        var keyId = rest[..colon].ToString();
        if (keyId != KeyId)
        {
            throw new StorageException(
                $"{boundTo} was encrypted with another key (id {keyId}; this node's Storage:EncryptionKey has id {KeyId}): every node needs the same key, and it must never change.");
        }

        try
        {
            var sealedValue = Convert.FromBase64String(rest[(colon + 1)..].ToString());
            var length = sealedValue.Length - NonceSize - TagSize;
            if (length < 0)
            {
                throw new StorageException($"Encrypted value of {boundTo} is damaged (too short).");
            }

            var plaintext = new byte[length];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize, length), sealedValue.AsSpan(NonceSize + length), plaintext, Encoding.UTF8.GetBytes(boundTo));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (Exception error) when (error is FormatException or AuthenticationTagMismatchException)
        {
            throw new StorageException($"Encrypted value of {boundTo} is damaged or was moved from another row.", error);
        }
    }
}
