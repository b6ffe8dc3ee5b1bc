
namespace Telephony.Server.Hosting;

/// <summary>What <c>/health</c> reports: readiness and the plain facts an operator checks first.</summary>
public sealed class ServiceHealth
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _details = [];

    public bool Ready { get; private set; }

    public void MarkReady()
    {
        lock (_gate)
        {
            Ready = true;
        }
    }

    public void Set(string key, string detail)
    {
        lock (_gate)
        {
            _details[key] = detail;
        }
    }

    public IReadOnlyDictionary<string, string> Details
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<string, string>(_details);
            }
        }
    }
}
