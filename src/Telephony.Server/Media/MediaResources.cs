using System.Net;
using Microsoft.Extensions.Options;
using Telephony.Media.Playback;
using Telephony.Media.Rtp;
using Telephony.Server.Configuration;

namespace Telephony.Server.Media;

/// <summary>
/// What every call's media shares: the RTP port range, the one pacing scheduler and the prompt cache.
/// </summary>
public sealed class MediaResources : IDisposable
{
    private readonly RtpPortAllocator _ports;
    private readonly IPAddress _bindAddress;

    private readonly RtpSessionOptions _sessionOptions;

    public MediaResources(IOptions<SipSettings> settings, IOptions<MediaSettings> media)
    {
        var sip = settings.Value;
        _sessionOptions = new RtpSessionOptions
        {
            InactivityTimeout = media.Value.InactivityTimeoutSeconds > 0
                ? TimeSpan.FromSeconds(media.Value.InactivityTimeoutSeconds)
                : Timeout.InfiniteTimeSpan,
            InBandDtmf = media.Value.InBandDtmf,
        };
        var (first, last) = sip.ParseRtpPortRange();
        _ports = new RtpPortAllocator(first, last);
        _bindAddress = sip.ParseBindAddress();
    }

    public MediaScheduler Scheduler { get; } = new();

    public PromptCache Prompts { get; } = new();

    /// <summary>Opens an RTP session on a free port of the range; throws InvalidOperationException when none is free.</summary>
    public RtpSession OpenSession() => RtpSession.Open(_ports, _bindAddress, Scheduler, _sessionOptions);

    public void Dispose() => Scheduler.Dispose();
}
