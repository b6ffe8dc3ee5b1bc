namespace Telephony.Storage;

/// <summary>A storage failure the caller can act on: bad configuration, duplicate record, failed migration.</summary>
public class StorageException : Exception
{
    public StorageException(string message)
        : base(message)
    {
    }

    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
