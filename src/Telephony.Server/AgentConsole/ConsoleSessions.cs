using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// The console's sessions: an opaque random token in the agent's cookie, and on the server only its SHA-256 (so
/// that a memory dump or a log line shows no usable token), the agent it belongs to and when it expires (idle and
/// absolute). In memory: a restart, or another node, asks the agent to log in again.
/// </summary>
public sealed class ConsoleSessions(IOptions<ConsoleSettings> settings, TimeProvider time)
{
    /// <summary>The cookie holding the token: HttpOnly, SameSite=Strict, on /agent only, Secure over HTTPS.</summary>
    public const string CookieName = "telephony_agent";

    private const int TokenBytes = 32;

    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    /// <summary>Opens a session for the agent; returns the token to put in the cookie.</summary>
    public (string Token, ConsoleSession Session) Open(string agentId)
    {
        var now = time.GetUtcNow();
        RemoveExpired(now);
        var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        var session = new ConsoleSession(KeyOf(token), agentId, now, now + settings.Value.SessionLifetime);
        _sessions[session.Key] = session;
        return (token, session);
    }

    /// <summary>The live session of the token (its idle time restarted), or null; an expired one is ended.</summary>
    public ConsoleSession? Find(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100 || !_sessions.TryGetValue(KeyOf(token), out var session))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (!session.IsLiveAt(now, settings.Value.SessionIdleTimeout))
        {
            End(session);
            return null;
        }

        session.Touch(now);
        return session;
    }

    /// <summary>Keeps a session used by an open stream from going idle; false once it has ended or expired.</summary>
    public bool KeepAlive(ConsoleSession session)
    {
        var now = time.GetUtcNow();
        if (!session.IsLiveAt(now, settings.Value.SessionIdleTimeout) || !_sessions.ContainsKey(session.Key))
        {
            End(session);
            return false;
        }

        session.Touch(now);
        return true;
    }

    public void End(ConsoleSession session)
    {
        if (_sessions.TryRemove(session.Key, out _))
        {
            session.End();
        }
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var session in _sessions.Values.Where(s => !s.IsLiveAt(now, settings.Value.SessionIdleTimeout)))
        {
            End(session);
        }
    }

    private static string KeyOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
