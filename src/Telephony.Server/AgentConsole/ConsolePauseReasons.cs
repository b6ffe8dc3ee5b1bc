using Telephony.Server.Configuration;

namespace Telephony.Server.AgentConsole;

/// <summary>A pause reason the agent may choose: its code (sent back) and its words (shown).</summary>
public sealed record ConsolePauseReason(string Code, string Label);

/// <summary>
/// The reasons the console offers: <c>Agents:PauseReasons</c>, or, where that list is empty (the admin API then takes
/// any reason), a short default list, since an agent picks from a list rather than types.
/// </summary>
public static class ConsolePauseReasons
{
    public static readonly IReadOnlyList<string> Defaults = ["pause", "repas", "formation", "reunion"];

    public static IReadOnlyList<ConsolePauseReason> Of(AgentSettings settings) =>
        (settings.PauseReasons.Count > 0 ? settings.PauseReasons : Defaults)
            .Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal)
            .Select(r => new ConsolePauseReason(r, ConsoleWords.PauseReason(r))).ToList();
}
