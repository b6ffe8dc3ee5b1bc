using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Telephony.Server.Records;

/// <summary>
/// The <c>Node</c> configuration section: this node's stable name, written on every call record it opens, so that the
/// rows it leaves open when it dies can be found (by itself when it starts again, by the cluster otherwise).
/// </summary>
public sealed partial class NodeSettings
{
    public const string SectionName = "Node";

    /// <summary>
    /// The node's name: 1 to 64 letters, digits, '.', '_' or '-'. Unset: this machine's host name and the SIP port,
    /// e.g. <c>pbx1-5060</c>, which stays the same across restarts (set it in containers, whose host name changes).
    /// </summary>
    public string? Id { get; set; }

    /// <exception cref="InvalidOperationException">The configured id is not a valid name.</exception>
    public string Resolve(int sipPort)
    {
        if (!string.IsNullOrWhiteSpace(Id))
        {
            var id = Id.Trim();
            return ValidId().IsMatch(id)
                ? id
                : throw new InvalidOperationException($"Node:Id '{id}' must be 1 to 64 letters, digits, '.', '_' or '-'.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Sanitise(Environment.MachineName)}-{sipPort}");
    }

    private static string Sanitise(string host)
    {
        var name = new StringBuilder();
        foreach (var c in host.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-');
        }

        var text = name.ToString().Trim('-');
        return text.Length == 0 ? "node" : text[..Math.Min(text.Length, 50)];
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ValidId();
}
