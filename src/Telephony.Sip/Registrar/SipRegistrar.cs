using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Registrar;

/// <summary>
/// A registrar (RFC 3261 §10.3) for agent phones: every REGISTER is Digest-authenticated against an
/// <see cref="ISipCredentialStore"/>, an agent may only register its own AOR, bindings expire on the
/// <see cref="TimeProvider"/>. It never forwards anything: it only answers and remembers.
/// </summary>
public sealed class SipRegistrar : ISipRegistrar, IDisposable
{
    private readonly SipRegistrarOptions _options;
    private readonly DigestServer _digest;
    private readonly BindingTable _bindings;
    private readonly TimeProvider _time;
    private readonly ISipLog _log;

    public SipRegistrar(SipRegistrarOptions options, ISipCredentialStore credentials, TimeProvider? time = null, ISipLog? log = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(credentials);
        if (options.MinExpires <= TimeSpan.Zero || options.MaxExpires < options.MinExpires)
        {
            throw new ArgumentException("Need 0 < MinExpires <= MaxExpires.", nameof(options));
        }

        _time = time ?? TimeProvider.System;
        _log = log ?? NullSipLog.Instance;
        _digest = new DigestServer(options.Realm, credentials, options.NonceSecret ?? RandomNumberGenerator.GetBytes(32), options.NonceLifetime, options.MaxTrackedNonces, _time)
        {
            Algorithms = options.DigestAlgorithms.Count > 0 ? options.DigestAlgorithms.ToList() : [DigestAlgorithm.Md5],
        };
        _bindings = new BindingTable(_time);
        _bindings.Changed += (aor, bindings) => RaiseChanged(aor, bindings);
    }

    public event EventHandler<SipBindingsChangedEventArgs>? BindingsChanged;

    /// <summary>A REGISTER failed authentication (wrong password, unknown agent, replay, another's AOR): its source.</summary>
    internal event Action<IPEndPoint>? AuthenticationFailed;

    /// <summary>A REGISTER was authenticated and applied: its flow.</summary>
    internal event Action<SipFlow>? Registered;

    public string Realm => _options.Realm;

    public IReadOnlyList<SipBinding> Lookup(string aor)
    {
        ArgumentNullException.ThrowIfNull(aor);
        return AddressOfRecord.Normalize(aor) is { } key ? _bindings.Current(key) : [];
    }

    /// <summary>
    /// Unexpired bindings of a user, whatever host the phone registered under (an agent is known by its
    /// authenticated username; the registrar refuses an AOR whose user is not the authenticated one).
    /// </summary>
    public IReadOnlyList<SipBinding> LookupUser(string user)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return _bindings.CurrentForUser(user);
    }

    /// <summary>Answers one REGISTER received over <paramref name="flow"/>, which its bindings keep for calls to the phone.</summary>
    public async ValueTask<SipResponse> HandleRegisterAsync(SipRequest request, SipFlow flow)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(flow);
        NameAddress to;
        string callId;
        CSeqHeader cseq;
        try
        {
            to = request.To;
            cseq = request.CSeq;
            callId = request.CallId ?? throw SipParseException.BadRequest("Missing Call-ID");
        }
        catch (SipParseException e)
        {
            return Respond(request, 400, e.ReasonPhrase);
        }

        var aor = AddressOfRecord.FromUri(to.Uri);
        if (aor is null || (_options.Domains.Count > 0 && !_options.Domains.Contains(to.Uri.Host, StringComparer.OrdinalIgnoreCase)))
        {
            return Respond(request, 404, "Not Found");
        }

        var check = await _digest.CheckAsync(request.Method, request.Headers.GetLines("Authorization")).ConfigureAwait(false);
        if (check.Verdict != DigestVerdict.Accepted)
        {
            if (check.Verdict is DigestVerdict.Rejected or DigestVerdict.Replayed)
            {
                _log.Log(SipLogLevel.Information, $"REGISTER for {aor} from {flow}: authentication {check.Verdict}");
                AuthenticationFailed?.Invoke(flow.Remote);
            }

            return Challenge(request, stale: check.Verdict == DigestVerdict.Stale);
        }

        if (!string.Equals(check.Username, to.Uri.User, StringComparison.Ordinal))
        {
            _log.Log(SipLogLevel.Warning, $"REGISTER from {flow}: user {check.Username} may not register {aor}");
            AuthenticationFailed?.Invoke(flow.Remote);
            return Respond(request, 403, "Forbidden");
        }

        if (RegisterRequestReader.TryRead(request) is not { } intent)
        {
            return Respond(request, 400, "Bad Contact or Expires");
        }

        if (RegisterPath.TryRead(request) is not { } path)
        {
            return Respond(request, 400, "Bad Path");
        }

        if (path.Count > 0 && !RegisterPath.IsTrusted(_options.TrustedProxies, flow.Remote))
        {
            _log.Log(SipLogLevel.Warning, $"REGISTER for {aor} from {flow}: Path ignored, the source is not a trusted proxy (Sip:TrustedProxies)");
            path = [];
        }

        return Apply(request, aor, intent, callId, cseq.Number, flow, path);
    }

    private SipResponse Apply(SipRequest request, string aor, RegisterIntent intent, string callId, uint cseq, SipFlow flow, IReadOnlyList<string> path)
    {
        var updates = new List<ContactUpdate>(intent.Contacts.Count);
        foreach (var contact in intent.Contacts)
        {
            var requested = contact.Expires is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.DefaultExpires;
            if (requested > TimeSpan.Zero && requested < _options.MinExpires)
            {
                var tooBrief = Respond(request, 423, "Interval Too Brief");
                tooBrief.Headers.Insert(tooBrief.Headers.Count - 1, "Min-Expires", ((long)_options.MinExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
                return tooBrief;
            }

            var (bound, rewritten) = path.Count > 0 ? (contact.Uri, false) : ContactBinding.BindToSource(contact.Uri, flow);
            if (rewritten)
            {
                // The host alone: the Contact's user part may be a number.
                _log.Log(SipLogLevel.Information, $"REGISTER for {aor} from {flow}: Contact on {contact.Uri.HostForUri} bound to the source instead");
            }

            updates.Add(new ContactUpdate(bound, requested > _options.MaxExpires ? _options.MaxExpires : requested));
        }

        if (intent.IsWildcard || updates.Count > 0)
        {
            switch (_bindings.Apply(aor, updates, intent.IsWildcard, callId, cseq, flow, path, _options.MaxBindingsPerAor))
            {
                case BindingUpdateStatus.OutOfOrder:
                    return Respond(request, 500, "Out of Order Request");
                case BindingUpdateStatus.TooManyBindings:
                    return Respond(request, 403, "Too Many Contacts");
            }
        }

        Registered?.Invoke(flow);
        var ok = Respond(request, 200, "OK");
        var now = _time.GetUtcNow();
        foreach (var binding in _bindings.Current(aor))
        {
            var remaining = Math.Max(0, (long)Math.Ceiling((binding.ExpiresAt - now).TotalSeconds));
            ok.Headers.Insert(ok.Headers.Count - 1, SipHeaderNames.Contact, $"<{binding.ContactUri}>;expires={remaining.ToString(CultureInfo.InvariantCulture)}");
        }

        ok.Headers.Insert(ok.Headers.Count - 1, SipHeaderNames.Date, now.ToString("r", CultureInfo.InvariantCulture));
        if (path.Count > 0 && RegisterPath.IsSupportedBy(request))
        {
            // The path is always kept; it is only echoed to a UA that understands it (RFC 3327 §5.3).
            ok.Headers.Insert(ok.Headers.Count - 1, SipHeaderNames.Path, string.Join(", ", path));
        }

        return ok;
    }

    private SipResponse Challenge(SipRequest request, bool stale)
    {
        var response = Respond(request, 401, "Unauthorized");
        foreach (var challenge in _digest.CreateChallenges(stale))
        {
            response.Headers.Insert(response.Headers.Count - 1, "WWW-Authenticate", challenge);
        }

        return response;
    }

    private SipResponse Respond(SipRequest request, int status, string reason) =>
        ResponseBuilder.Create(request, status, reason, request.Headers.Get(SipHeaderNames.To) is { } toText && NameAddress.TryParse(toText, out var to) && to!.Tag is null ? SipIds.NewTag() : null, "Telephony");

    private void RaiseChanged(string aor, IReadOnlyList<SipBinding> bindings)
    {
        _log.Log(SipLogLevel.Information, $"Registrations of {aor}: {bindings.Count} contact(s)");
        try
        {
            BindingsChanged?.Invoke(this, new SipBindingsChangedEventArgs(aor, bindings));
        }
        catch (Exception e)
        {
            _log.Log(SipLogLevel.Error, $"BindingsChanged handler failed for {aor}", e);
        }
    }

    public void Dispose() => _bindings.Dispose();
}
