using System.Net;
using Microsoft.Extensions.Options;
using Telephony.Calls.Channels;
using Telephony.Calls.Configuration;
using Telephony.Sip.Messages;
using Telephony.Sip.Uac;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// Calls to citizens, through the operator's trunk and nowhere else: only a valid French national number
/// (<see cref="NationalNumbers"/>), only to <c>Trunk:Address</c>, answering its digest challenge with the trunk's
/// credentials, presenting the line's public number (or <c>Trunk:CallerId</c>). At most <c>Trunk:MaxConcurrentCalls</c>
/// at once on this node, each slot held until the call ends. The callback executor is its only user: nothing a caller
/// sends (a transfer, a REFER, a redirect) reaches it.
/// </summary>
public sealed class CitizenTrunk : IDisposable
{
    private readonly TrunkSettings _settings;
    private readonly IOutboundCalls _sip;
    private readonly SemaphoreSlim _slots;
    private readonly IPEndPoint? _address;

    public CitizenTrunk(IOptions<TrunkSettings> settings, IOutboundCalls sip)
    {
        _settings = settings.Value;
        _settings.Validate();
        _sip = sip;
        _slots = new SemaphoreSlim(_settings.MaxConcurrentCalls, _settings.MaxConcurrentCalls);
        _address = _settings.Enabled ? _settings.ParseAddress() : null;
    }

    public bool Enabled => _address is not null;

    /// <summary>Where the trunk is: what an SDP offer for a call through it must be built for.</summary>
    public IPAddress LocalAddress => _sip.LocalAddressFor(_address ?? throw Disabled());

    /// <summary>
    /// Places the call and completes once the INVITE has its final answer; the trunk slot is held until the call ends.
    /// </summary>
    /// <param name="number">E.164; anything that is not a French number the service may dial is refused.</param>
    /// <param name="lineNumber">The line's public number, shown to the citizen unless <c>Trunk:CallerId</c> is set.</param>
    /// <exception cref="ArgumentException">The number is not one the service may dial.</exception>
    public async Task<OutgoingCall> CallAsync(string number, string lineNumber, ReadOnlyMemory<byte> sdpOffer, TimeSpan ringTimeout, CancellationToken cancellationToken)
    {
        var address = _address ?? throw Disabled();
        if (NationalNumbers.ToDialableE164(number) is not { } dialable || dialable != number)
        {
            // Never reached from the IVR (numbers are checked before they are stored): a guard against any other path.
            throw new ArgumentException("Only French national numbers in E.164 form are called through the trunk.", nameof(number));
        }

        var callerId = string.IsNullOrEmpty(_settings.CallerId) ? lineNumber : _settings.CallerId;
        var target = new SipUri("sip", dialable, address.Address.ToString(), address.Port);
        target.Parameters.Set("user", "phone");
        var request = new OutgoingCallRequest(target, address, sdpOffer)
        {
            Transport = _settings.ParseTransport(),
            FromUser = callerId,
            FromHost = address.Address.ToString(),
            Credentials = _settings.Credentials,
            RingTimeout = ringTimeout,
            ExtraHeaders = [new("P-Asserted-Identity", $"<sip:{callerId}@{address.Address}>")],
        };

        await _slots.WaitAsync(cancellationToken);
        try
        {
            var call = await _sip.CallAsync(request, cancellationToken);
            _ = call.Terminated.ContinueWith(_ => _slots.Release(), TaskScheduler.Default);
            return call;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Dispose() => _slots.Dispose();

    private static InvalidOperationException Disabled() => new("No trunk is configured (Trunk:Address): citizens cannot be called.");
}
