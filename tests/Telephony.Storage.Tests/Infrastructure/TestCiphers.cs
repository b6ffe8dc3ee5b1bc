using System.Text;

namespace Telephony.Storage.Tests.Infrastructure;

internal static class TestCiphers
{
    public static readonly FieldCipher Default = new(Encoding.UTF8.GetBytes("storage-tests-encryption-key-0123456789"));

    public static readonly FieldCipher Other = new(Encoding.UTF8.GetBytes("another-nodes-encryption-key-9876543210"));
}
