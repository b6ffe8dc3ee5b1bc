using System.Text;

namespace Telephony.Storage.Tests;

public sealed class FieldCipherTests
{
    private static readonly FieldCipher Cipher = new(Encoding.UTF8.GetBytes("field-cipher-tests-key-0123456789abcdef"));

    [Fact]
    public void A_number_encrypts_to_a_value_that_hides_it_and_decrypts_back()
    {
        var stored = Cipher.Encrypt("+33612345678", "row-1");

        Assert.StartsWith($"enc:v1:{Cipher.KeyId}:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("612345678", stored, StringComparison.Ordinal);
        Assert.Equal("+33612345678", Cipher.Decrypt(stored, "row-1"));
        // A fresh nonce every time: two requests of the same caller do not show as the same value.
        Assert.NotEqual(stored, Cipher.Encrypt("+33612345678", "row-1"));
    }

    [Fact]
    public void A_value_moved_to_another_row_or_altered_does_not_decrypt()
    {
        var stored = Cipher.Encrypt("+33612345678", "row-1");
        var altered = stored[..^4] + (stored[^4] == 'A' ? 'B' : 'A') + stored[^3..];

        Assert.Throws<StorageException>(() => Cipher.Decrypt(stored, "row-2"));
        Assert.Throws<StorageException>(() => Cipher.Decrypt(altered, "row-1"));
    }

    [Fact]
    public void A_value_encrypted_under_another_key_is_named_as_such()
    {
        var other = new FieldCipher(Encoding.UTF8.GetBytes("another-key-for-another-node-0123456789"));

        var error = Assert.Throws<StorageException>(() => Cipher.Decrypt(other.Encrypt("+33612345678", "row-1"), "row-1"));

        Assert.Contains(other.KeyId, error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:EncryptionKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clear_value_of_an_older_release_reads_as_it_is_and_a_short_secret_is_refused()
    {
        Assert.Equal("+33612345678", Cipher.Decrypt("+33612345678", "row-1"));
        Assert.False(FieldCipher.IsEncrypted("+33612345678"));
        Assert.Throws<ArgumentException>(() => new FieldCipher(Encoding.UTF8.GetBytes("too-short")));
    }
}
