using Telephony.Server.Web;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// The console's page, script and style sheet (<c>AgentConsole/Assets/</c>), embedded in the server's assembly and
/// served with the strict security headers of <see cref="EmbeddedAssets"/>: a script injected into the page could
/// read what the caller keyed for the agent.
/// </summary>
public sealed class ConsoleAssets() : EmbeddedAssets("AgentConsole.");
