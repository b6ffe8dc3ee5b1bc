namespace Telephony.Sip.Auth;

/// <summary>Where the registrar finds accounts; the server provides one backed by its configuration.</summary>
public interface ISipCredentialStore
{
    /// <summary>The account, or null when this user does not exist in this realm.</summary>
    ValueTask<SipCredential?> FindAsync(string username, string realm);
}

/// <summary>A fixed set of accounts held in memory (tests, small deployments).</summary>
public sealed class InMemorySipCredentialStore : ISipCredentialStore
{
    private readonly Dictionary<(string Username, string Realm), SipCredential> _credentials = [];
    private readonly object _gate = new();

    public InMemorySipCredentialStore(IEnumerable<SipCredential>? credentials = null)
    {
        foreach (var credential in credentials ?? [])
        {
            Add(credential);
        }
    }

    /// <summary>Adds or replaces an account.</summary>
    public void Add(SipCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        lock (_gate)
        {
            _credentials[(credential.Username, credential.Realm)] = credential;
        }
    }

    public bool Remove(string username, string realm)
    {
        lock (_gate)
        {
            return _credentials.Remove((username, realm));
        }
    }

    public ValueTask<SipCredential?> FindAsync(string username, string realm)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_credentials.GetValueOrDefault((username, realm)));
        }
    }
}
