using System.Collections;

namespace Telephony.Sip.Messages;

/// <summary>
/// Ordered header lines of a message. Order and unknown headers are kept (proxies and round trips need them);
/// names compare case-insensitively and compact forms ("v", "i", ...) match their long names.
/// </summary>
public sealed class SipHeaderCollection : IReadOnlyList<SipHeader>
{
    private readonly List<SipHeader> _headers;

    public SipHeaderCollection()
    {
        _headers = [];
    }

    internal SipHeaderCollection(int capacity)
    {
        _headers = new List<SipHeader>(capacity);
    }

    public int Count => _headers.Count;

    public SipHeader this[int index] => _headers[index];

    /// <summary>Appends a header line (known names are stored in canonical form).</summary>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _headers.Add(new SipHeader(SipHeaderNames.Normalize(name), value));
    }

    internal void AddNormalized(string canonicalName, string value) => _headers.Add(new SipHeader(canonicalName, value));

    /// <summary>Inserts a header line before every existing one (used for a new top Via).</summary>
    public void Insert(int index, string name, string value) =>
        _headers.Insert(index, new SipHeader(SipHeaderNames.Normalize(name), value));

    /// <summary>Value of the first line with this name, or null.</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : _headers[index].Value;
    }

    /// <summary>Index of the first line with this name, or -1.</summary>
    public int IndexOf(string name)
    {
        var normalized = SipHeaderNames.Normalize(name);
        for (var i = 0; i < _headers.Count; i++)
        {
            if (string.Equals(_headers[i].Name, normalized, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Number of header lines with this name (not the number of comma-separated values).</summary>
    public int CountOf(string name)
    {
        var normalized = SipHeaderNames.Normalize(name);
        var count = 0;
        foreach (var header in _headers)
        {
            if (string.Equals(header.Name, normalized, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Every line value with this name, in order, without splitting commas.</summary>
    public IReadOnlyList<string> GetLines(string name)
    {
        var normalized = SipHeaderNames.Normalize(name);
        var values = new List<string>();
        foreach (var header in _headers)
        {
            if (string.Equals(header.Name, normalized, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(header.Value);
            }
        }

        return values;
    }

    /// <summary>
    /// Every value of a list header (Via, Contact, Route, Allow, Supported, ...): all lines, each split at the
    /// commas that are outside quoted strings and angle brackets. Do not use it for headers whose single value
    /// contains commas (Date, WWW-Authenticate, ...).
    /// </summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        var normalized = SipHeaderNames.Normalize(name);
        var values = new List<string>();
        foreach (var header in _headers)
        {
            if (string.Equals(header.Name, normalized, StringComparison.OrdinalIgnoreCase))
            {
                HeaderValueSplitter.SplitInto(header.Value, values);
            }
        }

        return values;
    }

    /// <summary>Replaces the first line with this name (removing the others), or appends it.</summary>
    public void Set(string name, string value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            Add(name, value);
            return;
        }

        _headers[index] = new SipHeader(_headers[index].Name, value);
        var normalized = _headers[index].Name;
        for (var i = _headers.Count - 1; i > index; i--)
        {
            if (string.Equals(_headers[i].Name, normalized, StringComparison.OrdinalIgnoreCase))
            {
                _headers.RemoveAt(i);
            }
        }
    }

    /// <summary>Replaces the value of the line at an index, keeping its name and position.</summary>
    public void ReplaceAt(int index, string value) => _headers[index] = new SipHeader(_headers[index].Name, value);

    /// <summary>Removes every line with this name; returns how many were removed.</summary>
    public int Remove(string name)
    {
        var normalized = SipHeaderNames.Normalize(name);
        return _headers.RemoveAll(h => string.Equals(h.Name, normalized, StringComparison.OrdinalIgnoreCase));
    }

    public IEnumerator<SipHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
