using System.Net.Sockets;
using Telephony.Calls.Channels;
using Telephony.Media.Rtp;

namespace Telephony.Calls.Tests;

/// <summary>Only port exhaustion is saturation; any other failure to open media is the service's fault.</summary>
public sealed class MediaOpenFailureTests
{
    [Fact]
    public void No_free_rtp_port_is_a_503_counted_saturated()
    {
        var failure = MediaOpenFailure.Of(new RtpPortsExhaustedException());

        Assert.Equal((503, CallOutcome.Saturated, "no_media_port"), (failure.SipStatus, failure.Outcome, failure.EndReason));
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(ObjectDisposedException))]
    [InlineData(typeof(SocketException))]
    public void Any_other_failure_is_a_500_counted_dropped_never_saturated(Type errorType)
    {
        var error = errorType == typeof(ObjectDisposedException) ? new ObjectDisposedException("scheduler") : (Exception)Activator.CreateInstance(errorType)!;

        var failure = MediaOpenFailure.Of(error);

        Assert.Equal((500, CallOutcome.Dropped, "media_error"), (failure.SipStatus, failure.Outcome, failure.EndReason));
        Assert.False(failure.IsSaturation);
    }
}
