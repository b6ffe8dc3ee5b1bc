namespace Telephony.Server.AgentConsole;

/// <summary>The <c>AgentConsole</c> configuration section: the agent console's sessions, login delays and live stream.</summary>
public sealed class ConsoleSettings
{
    public const string SectionName = "AgentConsole";

    /// <summary>A session nobody used for this long ends (an open console keeps its session alive through its stream).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A session ends this long after the login whatever happens: about a working day.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The wait before the answer to a source's first wrong password; each further one doubles it.</summary>
    public TimeSpan LoginDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait a wrong password gets.</summary>
    public TimeSpan LoginDelayCap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A source's count of wrong passwords halves with every such period without one.</summary>
    public TimeSpan LoginPenaltyHalfLife { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the live stream sends a comment line, so proxies and the browser keep it open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the page asks again for the agent's next callbacks and appointments (<c>GET /agent/agenda</c>).</summary>
    public TimeSpan AgendaRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the stream renews its subscription to the agent's grain (which forgets it after 10 minutes).</summary>
    public TimeSpan SubscriptionRenewal { get; set; } = TimeSpan.FromMinutes(4);
}
